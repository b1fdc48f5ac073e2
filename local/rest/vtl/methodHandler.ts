/** A method handler as velocityjs's `customMethodHandlers` takes it (its type is not exported). */
export interface MethodHandler {
  uid: string;
  /** The only method names this handler can match, when it can say. */
  names?: ReadonlySet<string>;
  /** Or the prefix every name it can match starts with. */
  prefix?: string;
  match(payload: MethodCall): boolean;
  resolve(payload: MethodCall): unknown;
}

export interface MethodCall {
  property: string;
  context: unknown;
  params: unknown[];
}

/** Whether `handler` could match a call of `name`: one that cannot answers false without reading the object. */
export function mayMatch(handler: MethodHandler, name: string): boolean {
  if (handler.names) return handler.names.has(name);
  if (handler.prefix !== undefined) return name.indexOf(handler.prefix) === 0;
  return true;
}
