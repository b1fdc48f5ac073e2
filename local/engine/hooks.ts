/**
 * How the engine is observed, mercurius-style: lists of functions the composition adds to, called
 * at fixed points of a request. The engine never imports what observes it (local/logging does).
 * Nothing registered: nothing is called and nothing is measured.
 */
import type { GraphQLResolveInfo, GraphQLSchema, OperationDefinitionNode } from 'graphql';
import type { ResolverLogEntry } from './runtime/consoleLogs.js';
import type { HandlerOutcome } from './runtime/instantiateResolver.js';
import type { AppSyncErrorEntry, AppendedError, InvocationState, ResolverError } from './runtime/errors.js';
import type { BoundResolver } from './boundResolver.js';
import type { GraphQLJavaError } from './graphqlJava/errors.js';

export interface GraphQLRequest {
  query: string;
  variables?: Record<string, unknown> | null;
  operationName?: string | null;
}

/** A field error (all six keys), or an error GraphQL raised before any field ran (`path`, `locations`, `message`). */
export type ResponseError = AppSyncErrorEntry | GraphQLJavaError;

export interface AppSyncResponse {
  data: Record<string, unknown> | null;
  errors?: ResponseError[];
}

/**
 * How the field ended: its value, or the `util.error` that aborted it. `appended` holds every
 * `util.appendError` of both handlers; `state` is the last handler's (the response's, unless the
 * request ended the field), where the extensions it called are recorded.
 */
export type UnitResolverOutcome =
  | { kind: 'value'; value: unknown; appended: AppendedError[]; state: InvocationState }
  | { kind: 'error'; error: ResolverError; appended: AppendedError[]; state: InvocationState };

/** One resolver field as it runs. */
export interface FieldObserver {
  /** A console line of this field's handlers. */
  console(entry: ResolverLogEntry): void;
  /** A handler ran: the ctx it saw (stash as it left it) and how it ended. */
  handled(handler: 'request' | 'response', ctx: Record<string, unknown>, outcome: HandlerOutcome): void;
  /** The field is resolved. */
  done(outcome: UnitResolverOutcome): void;
}

/** One GraphQL request as it runs. */
export interface RequestObserver {
  /** Wraps the parse-and-validate step. */
  parsing<T>(run: () => T): T;
  operation(operation: OperationDefinitionNode | undefined): void;
  /** A resolver field starts; undefined: this field is not observed. */
  field(bound: BoundResolver, info: GraphQLResolveInfo): FieldObserver | undefined;
  end(request: GraphQLRequest, response: AppSyncResponse): void;
}

export interface EngineHooks {
  /** Each request starts: each function may observe it. `schema` is the schema as declared. */
  readonly onRequest: ((schema: GraphQLSchema) => RequestObserver | undefined)[];
}

export const createHooks = (): EngineHooks => ({ onRequest: [] });

/** The observers of one request as one (none: undefined, so the hot path pays one check). */
export function observeRequest(hooks: EngineHooks, schema: GraphQLSchema): RequestObserver | undefined {
  if (hooks.onRequest.length === 0) return undefined;
  const observers = hooks.onRequest.flatMap((start) => start(schema) ?? []);
  if (observers.length <= 1) return observers[0];
  return {
    parsing: <T>(run: () => T): T => observers.reduce<() => T>((inner, o) => () => o.parsing(inner), run)(),
    operation: (operation) => observers.forEach((o) => o.operation(operation)),
    field(bound, info) {
      const fields = observers.flatMap((o) => o.field(bound, info) ?? []);
      if (fields.length <= 1) return fields[0];
      return {
        console: (entry) => fields.forEach((f) => f.console(entry)),
        handled: (handler, ctx, outcome) => fields.forEach((f) => f.handled(handler, ctx, outcome)),
        done: (outcome) => fields.forEach((f) => f.done(outcome)),
      };
    },
    end: (request, response) => observers.forEach((o) => o.end(request, response)),
  };
}
