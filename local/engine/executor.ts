/**
 * Runs GraphQL operations the way AppSync does: each root field goes through its APPSYNC_JS
 * resolver (request → data source → response); errors come out in AppSync's shape.
 * Pure around graphql-js `execute`: no HTTP here, so the REST shims and the real-time layer
 * call the same executor in-process.
 */
import {
  getOperationAST,
  GraphQLError,
  Kind,
  execute,
  isObjectType,
  parse,
  type DocumentNode,
  type ExecutionResult,
  type GraphQLResolveInfo,
  type OperationDefinitionNode,
  type OperationTypeNode,
} from 'graphql';
import { type AppSyncErrorEntry, type AppendedError, ResolverError } from './runtime/errors.js';
import type { Caller } from './caller.js';
import type { AppSyncSchemas } from './schema.js';
import { runUnitResolver, type BoundResolver } from './runUnitResolver.js';
import {
  APPSYNC_DEFAULT_LIMITS,
  PARSE_OPTIONS,
  parseAndValidateWithLimits,
  resolverLimitError,
  withinResolverLimit,
  type RunLimits,
} from './queryLimits.js';
import { responseKeyFields } from './selectionSet.js';
import { createHooks, observeRequest, type AppSyncResponse, type EngineHooks, type GraphQLRequest, type RequestObserver } from './hooks.js';

export type { AuthType, Caller } from './caller.js';
export type { BoundResolver, DataSource } from './runUnitResolver.js';
export type { AppSyncResponse, GraphQLRequest } from './hooks.js';

export interface ExecutorOptions {
  /** `ctx.env`: the AppSync environment variables the API sets. */
  env?: Readonly<Record<string, string>>;
  /** AppSync's per-API run limits; default AppSync's own defaults. */
  limits?: RunLimits;
  /** Observers (local/logging); default none. */
  hooks?: EngineHooks;
}

/**
 * Called once per mutation field that resolved to a value, for subscriptions. `payload` is that
 * field's response exactly as the client received it — only the fields its selection set asked
 * for, under their response keys (aliases included) — because that is what AppSync hands to
 * subscribers:
 * "Subscriptions are triggered from mutations and the mutation selection set is sent to
 * subscribers" (https://docs.aws.amazon.com/appsync/latest/devguide/aws-appsync-real-time-data.html);
 * aliased fields arrive under the alias (https://github.com/aws/aws-appsync-community/issues/160).
 * `keyFields` names the field behind each response key (`uid` → `user_id`), so filters can match
 * on fields' values and never on a key a client named after another field.
 */
export type MutationListener = (event: {
  fieldName: string;
  payload: unknown;
  keyFields: ReadonlyMap<string, string>;
  caller: Caller;
}) => void;

interface OperationContext {
  caller: Caller;
  appended: AppSyncErrorEntry[];
  /** Mutation root fields that resolved, in execution order, with their response keys and info. */
  mutations: { fieldName: string; responseKey: string; info: GraphQLResolveInfo }[];
  /** Resolvers started so far in this request (AppSync's resolver count limit). */
  resolverCalls: number;
  /** This request's observer, when something observes it (hooks.ts). */
  trace: RequestObserver | undefined;
}

export class Executor {
  private readonly documents = new Map<string, DocumentNode | readonly GraphQLError[]>();
  private readonly listeners: MutationListener[] = [];
  readonly env: Readonly<Record<string, string>>;
  readonly limits: RunLimits;
  /** Where observers (local/logging) attach: `executor.hooks.onRequest.push(…)`. */
  readonly hooks: EngineHooks;

  constructor(
    readonly schemas: AppSyncSchemas,
    resolvers: BoundResolver[],
    options: ExecutorOptions = {},
  ) {
    this.env = Object.freeze({ ...options.env });
    this.limits = options.limits ?? APPSYNC_DEFAULT_LIMITS;
    this.hooks = options.hooks ?? createHooks();
    this.bind(schemas, resolvers);
  }

  /**
   * Each query and mutation field gets its own resolve function; every other field keeps
   * graphql-js's default (a property read), so a list of orders costs no resolver lookups.
   * Subscription fields are the real-time layer's: it resolves them from the event itself.
   */
  private bind(schemas: AppSyncSchemas, resolvers: readonly BoundResolver[]): void {
    const fields = resolvers.flatMap((bound) => {
      if (bound.typeName === 'Subscription') return [];
      const type = schemas.execution.getType(bound.typeName);
      const field = isObjectType(type) ? type.getFields()[bound.fieldName] : undefined;
      if (!field) throw new Error(`${bound.typeName}.${bound.fieldName} is not in the schema`);
      return [{ field, bound }];
    });
    for (const { field, bound } of fields) {
      field.resolve = (source, args, context, info) => this.runResolver(bound, source, args, context as OperationContext, info);
    }
  }

  /**
   * Hot reload (local/dev): a new schema and resolver set, in one synchronous step. Requests
   * already running finish on what they started with; the schemas object is updated in place
   * because the real-time publisher holds it. Throws, changing nothing, when a resolver's field
   * is not in the new schema.
   */
  swap(schemas: AppSyncSchemas, resolvers: readonly BoundResolver[]): void {
    this.bind(schemas, resolvers);
    this.schemas.declared = schemas.declared;
    this.schemas.execution = schemas.execution;
    this.documents.clear();
  }

  onMutation(listener: MutationListener): () => void {
    this.listeners.push(listener);
    return () => this.listeners.splice(this.listeners.indexOf(listener), 1);
  }

  /** Parsed and validated once per distinct query text (bounded cache). */
  parseAndValidate(query: string): DocumentNode | readonly GraphQLError[] {
    const cached = this.documents.get(query);
    if (cached) return cached;
    // AppSync's depth and introspection rules and the local parse bounds (queryLimits.ts).
    const result = parseAndValidateWithLimits(this.schemas.declared, query, this.limits);
    if (this.documents.size >= 500) this.documents.clear();
    // Only short texts are kept: 500 cached megabyte-sized attack queries would pin ~0.5 GB.
    if (query.length <= 16_384) this.documents.set(query, result);
    return result;
  }

  /** The kind of operation the request would run; undefined when its document does not parse, validate or name one. */
  operationType(request: GraphQLRequest): OperationTypeNode | undefined {
    const document = this.parseAndValidate(request.query);
    return 'kind' in document ? getOperationAST(document, request.operationName)?.operation : undefined;
  }

  async execute(request: GraphQLRequest, caller: Caller): Promise<AppSyncResponse> {
    const trace = observeRequest(this.hooks, this.schemas.declared);
    const response = await this.executeTraced(request, caller, trace);
    trace?.end(request, response);
    return response;
  }

  private async executeTraced(request: GraphQLRequest, caller: Caller, trace: RequestObserver | undefined): Promise<AppSyncResponse> {
    const document = trace ? trace.parsing(() => this.parseAndValidate(request.query)) : this.parseAndValidate(request.query);
    if (!('kind' in document)) {
      return { data: this.rootFieldsAsNull(request), errors: document.map((e) => formatError(e, 'ValidationError')) };
    }
    const operation = getOperationAST(document, request.operationName) ?? undefined;
    trace?.operation(operation);
    const context: OperationContext = { caller, appended: [], mutations: [], resolverCalls: 0, trace };
    const result: ExecutionResult = await execute({
      schema: introspectionOnly(operation) ? this.schemas.declared : this.schemas.execution,
      document,
      variableValues: request.variables ?? undefined,
      operationName: request.operationName ?? undefined,
      contextValue: context,
    });
    const errors = [...(result.errors ?? []).map((e) => formatError(e, null)), ...context.appended];
    // No data at all: the variables did not coerce, so no field ran.
    const data = (result.data as Record<string, unknown> | null | undefined) ?? this.rootFieldsAsNull(request);
    this.notify(context, data);
    const response: AppSyncResponse = { data };
    if (errors.length > 0) response.errors = errors;
    return response;
  }

  /**
   * For a request refused before any field ran (invalid arguments or variables), the contract
   * still reports each of its root fields as null beside the error (`data.createOrder: null`).
   * Only fields the schema has; a document that does not parse has no fields: null.
   */
  private rootFieldsAsNull(request: GraphQLRequest): Record<string, null> | null {
    let document: DocumentNode;
    try {
      document = parse(request.query, PARSE_OPTIONS);
    } catch {
      return null;
    }
    const operation = getOperationAST(document, request.operationName) ?? undefined;
    const root = operation ? this.schemas.declared.getRootType(operation.operation) : undefined;
    if (!operation || !root) return null;
    const known = root.getFields();
    const keys = operation.selectionSet.selections.flatMap((sel) =>
      sel.kind === Kind.FIELD && known[sel.name.value] ? [sel.alias?.value ?? sel.name.value] : [],
    );
    return keys.length > 0 ? Object.fromEntries(keys.map((k) => [k, null])) : null;
  }

  /** A root field's resolver; mutations are remembered for `notify`. */
  private async runResolver(
    bound: BoundResolver,
    source: unknown,
    args: Record<string, unknown>,
    context: OperationContext,
    info: GraphQLResolveInfo,
  ): Promise<unknown> {
    // Past AppSync's resolver count limit the field fails and its resolver never runs.
    if (!withinResolverLimit(++context.resolverCalls, this.limits)) throw resolverLimitError();
    const observer = context.trace?.field(bound, info);
    const outcome = await runUnitResolver({ bound, caller: context.caller, source, args, info, env: this.env, observer });
    this.collect(outcome.appended, context, info);
    if (outcome.kind === 'error') throw outcome.error;
    if (info.parentType.name === 'Mutation' && info.path.prev === undefined) {
      context.mutations.push({ fieldName: info.fieldName, responseKey: String(info.path.key), info });
    }
    return outcome.value;
  }

  /** After the operation: each mutation field's response as the client got it, when it is not null. */
  private notify(context: OperationContext, data: Record<string, unknown> | null): void {
    for (const { fieldName, responseKey, info } of context.mutations) {
      const payload = data?.[responseKey];
      if (payload === null || payload === undefined || this.listeners.length === 0) continue;
      const keyFields = responseKeyFields(info);
      for (const listener of this.listeners) listener({ fieldName, payload, keyFields, caller: context.caller });
    }
  }

  private collect(errors: AppendedError[], context: OperationContext, info: GraphQLResolveInfo): void {
    for (const e of errors) {
      context.appended.push({
        message: e.message,
        errorType: e.errorType,
        data: e.data ?? null,
        errorInfo: e.errorInfo ?? null,
        path: pathOf(info),
        locations: info.fieldNodes.map((n) => locationOf(n.loc?.startToken)),
      });
    }
  }
}

function introspectionOnly(operation: OperationDefinitionNode | undefined): boolean {
  return Boolean(operation?.selectionSet.selections.every((s) => s.kind === 'Field' && s.name.value.startsWith('__')));
}

export function pathOf(info: GraphQLResolveInfo): (string | number)[] {
  const path: (string | number)[] = [];
  for (let p: GraphQLResolveInfo['path'] | undefined = info.path; p; p = p.prev) path.unshift(p.key);
  return path;
}

function locationOf(token: { line: number; column: number } | undefined): { line: number; column: number; sourceName: null } {
  return { line: token?.line ?? 0, column: token?.column ?? 0, sourceName: null };
}

/** Every error as AppSync writes it: all six keys, always. */
export function formatError(error: GraphQLError, fallbackType: string | null): AppSyncErrorEntry {
  const original = error.originalError;
  const locations = error.locations?.map((l) => ({ line: l.line, column: l.column, sourceName: null })) ?? null;
  const path = error.path ? [...error.path] : null;
  if (original instanceof ResolverError) {
    return {
      message: original.message,
      errorType: original.errorType,
      data: original.data ?? null,
      errorInfo: original.errorInfo ?? null,
      path,
      locations,
    };
  }
  // Errors without a path are about the request itself (variables that do not coerce, an unknown
  // operation): the client's input. A field error that is not a ResolverError is a runtime fault.
  const errorType = fallbackType ?? (path === null ? 'ValidationError' : 'Code');
  return { message: error.message, errorType, data: null, errorInfo: null, path, locations };
}
