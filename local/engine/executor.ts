/**
 * Runs GraphQL operations the way AppSync does: each root field goes through its APPSYNC_JS
 * resolver (request → data source → response); errors come out in AppSync's shape.
 * Before any resolver runs, the request is checked as AppSync's GraphQL layer (graphql-java)
 * checks it: the document parsed, the operation chosen, the document validated and the
 * variables coerced (./graphqlJava/), each refusal answered in AppSync's words.
 * Pure around graphql-js `execute`: no HTTP here, so the REST shims and the real-time layer
 * call the same executor in-process.
 */
import {
  GraphQLError,
  Kind,
  execute,
  getLocation,
  isObjectType,
  type DocumentNode,
  type ExecutionResult,
  type FragmentDefinitionNode,
  type GraphQLResolveInfo,
  type OperationDefinitionNode,
  type OperationTypeNode,
  type Source,
} from 'graphql';
import { type AppSyncErrorEntry, type AppendedError, ResolverError } from './runtime/errors.js';
import type { Caller } from './caller.js';
import type { AppSyncSchemas } from './schema.js';
import { runUnitResolver, type BoundResolver } from './runUnitResolver.js';
import {
  APPSYNC_DEFAULT_LIMITS,
  prepareDocument,
  resolverLimitError,
  withinResolverLimit,
  type PreparedDocument,
  type RunLimits,
} from './queryLimits.js';
import { cutAtDepth, depthLimitMessage, operationDepth, pathDepth } from './queryDepth.js';
import type { JavaLocation } from './graphqlJava/errors.js';
import { SchemaView } from './graphqlJava/traversal.js';
import { coerceVariables } from './graphqlJava/variables.js';
import { responseKeyFields } from './selectionSet.js';
import {
  createHooks,
  observeRequest,
  type AppSyncResponse,
  type EngineHooks,
  type GraphQLRequest,
  type RequestObserver,
  type ResponseError,
} from './hooks.js';

export type { AuthType, Caller } from './caller.js';
export type { BoundResolver, DataSource } from './runUnitResolver.js';
export type { AppSyncResponse, GraphQLRequest, ResponseError } from './hooks.js';
export type { PreparedDocument } from './queryLimits.js';

/**
 * A request AppSync refuses with an HTTP error before GraphQL runs: a query that does not parse
 * (400 MalformedHttpRequestException "Unable to parse GraphQL query.", recorded in
 * graphql/graphql-over-http#81), an operation name no operation has (400 BadRequestException "No
 * operation matches the provided operation name X.", reported in altair-graphql/altair#1122 with
 * AppSync's error shape), several operations and no name (inferred: graphql-java's sentence), a
 * subscription over HTTP (400 BadRequestException "Subscriptions over MQTT is not supported.",
 * recorded in aws-samples/aws-amplify-appsync-graphql-real-time-canvas#28 and
 * awslabs/aws-mobile-appsync-sdk-android#356; the status is inferred).
 */
export interface RequestRefusal {
  status: 400;
  errorType: 'MalformedHttpRequestException' | 'BadRequestException';
  message: string;
}

export const UNPARSABLE: RequestRefusal = {
  status: 400,
  errorType: 'MalformedHttpRequestException',
  message: 'Unable to parse GraphQL query.',
};

/** The request checked and ready to run, or the answer it gets instead. */
export type CheckedRequest =
  | { kind: 'refused'; refusal: RequestRefusal }
  | { kind: 'answered'; response: AppSyncResponse }
  | {
      kind: 'ready';
      document: DocumentNode;
      operation: OperationDefinitionNode;
      fragments: Record<string, FragmentDefinitionNode>;
      variables: Record<string, unknown>;
    };

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
  private readonly documents = new Map<string, PreparedDocument>();
  /** The declared schema as graphql-java sees it (reachable types, the introspection switch). */
  private view: SchemaView;
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
    this.view = new SchemaView(schemas.declared, this.limits.introspection);
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
    this.view = new SchemaView(schemas.declared, this.limits.introspection);
    this.documents.clear();
  }

  onMutation(listener: MutationListener): () => void {
    this.listeners.push(listener);
    return () => this.listeners.splice(this.listeners.indexOf(listener), 1);
  }

  /** Parsed and validated once per distinct query text (bounded cache). */
  parseAndValidate(query: string): PreparedDocument {
    const cached = this.documents.get(query);
    if (cached) return cached;
    const result = prepareDocument(this.view, query);
    if (this.documents.size >= 500) this.documents.clear();
    // Only short texts are kept: 500 cached megabyte-sized attack queries would pin ~0.5 GB.
    if (query.length <= 16_384) this.documents.set(query, result);
    return result;
  }

  /**
   * The request as AppSync's GraphQL layer takes it, in AppSync's order: parse, choose the
   * operation (HTTP refusals), validate, coerce the variables (`data: null` answers).
   * `allowSubscription`: the real-time endpoint runs subscriptions; HTTP does not.
   */
  check(request: GraphQLRequest, allowSubscription = false): CheckedRequest {
    const selected = this.select(request, allowSubscription);
    if ('refusal' in selected) return { kind: 'refused', refusal: selected.refusal };
    const { prepared, operation, fragments } = selected;
    if (prepared.kind === 'bounded') return { kind: 'answered', response: { data: null, errors: prepared.errors } };
    if (prepared.errors.length > 0 || !operation) return { kind: 'answered', response: { data: null, errors: prepared.errors } };
    const coerced = coerceVariables(this.view, operation, request.variables ?? {}, (node) => javaLocation(node.loc));
    if ('error' in coerced) return { kind: 'answered', response: { data: null, errors: [coerced.error] } };
    return { kind: 'ready', document: prepared.document, operation, fragments, variables: coerced.values };
  }

  /** What AppSync refuses with an HTTP error before GraphQL runs (RequestRefusal), if anything. */
  refusal(request: GraphQLRequest, allowSubscription = false): RequestRefusal | undefined {
    const selected = this.select(request, allowSubscription);
    return 'refusal' in selected ? selected.refusal : undefined;
  }

  /** The kind of operation the request names; undefined when it does not parse or names none. */
  operationType(request: GraphQLRequest): OperationTypeNode | undefined {
    const selected = this.select(request, true);
    return 'refusal' in selected ? undefined : selected.operation?.operation;
  }

  /** Parse (cached) and choose the operation as AppSync does. */
  private select(
    request: GraphQLRequest,
    allowSubscription: boolean,
  ):
    | { refusal: RequestRefusal }
    | {
        prepared: Exclude<PreparedDocument, { kind: 'unparsable' }>;
        operation?: OperationDefinitionNode;
        fragments: Record<string, FragmentDefinitionNode>;
      } {
    const prepared = this.parseAndValidate(request.query);
    if (prepared.kind === 'unparsable') return { refusal: UNPARSABLE };
    const fragments: Record<string, FragmentDefinitionNode> = {};
    if (prepared.kind === 'bounded') return { prepared, fragments };
    const operations = prepared.document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
    for (const d of prepared.document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments[d.name.value] = d;
    let operation: OperationDefinitionNode | undefined;
    if (request.operationName !== null && request.operationName !== undefined) {
      operation = operations.find((o) => o.name?.value === request.operationName);
      if (!operation) return badRequest(`No operation matches the provided operation name ${request.operationName}.`);
    } else if (operations.length > 1) {
      return badRequest('Must provide operation name if query contains multiple operations.');
    } else {
      operation = operations[0];
    }
    if (operation?.operation === 'subscription' && !allowSubscription) return badRequest('Subscriptions over MQTT is not supported.');
    return { prepared, operation, fragments };
  }

  async execute(request: GraphQLRequest, caller: Caller): Promise<AppSyncResponse> {
    const trace = observeRequest(this.hooks, this.schemas.declared);
    const response = await this.executeTraced(request, caller, trace);
    trace?.end(request, response);
    return response;
  }

  private async executeTraced(request: GraphQLRequest, caller: Caller, trace: RequestObserver | undefined): Promise<AppSyncResponse> {
    const checked = trace ? trace.parsing(() => this.check(request)) : this.check(request);
    // In-process callers (the REST shims) get an HTTP refusal as an error entry.
    if (checked.kind === 'refused') return { data: null, errors: [{ path: null, locations: null, message: checked.refusal.message }] };
    if (checked.kind === 'answered') return checked.response;
    const { document, operation, fragments, variables } = checked;
    trace?.operation(operation);
    const context: OperationContext = { caller, appended: [], mutations: [], resolverCalls: 0, trace };
    const schema = introspectionOnly(operation) ? this.schemas.declared : this.schemas.execution;
    const result: ExecutionResult = await execute({
      schema,
      document,
      variableValues: variables,
      operationName: operation.name?.value,
      contextValue: context,
    });
    const errors: ResponseError[] = [...(result.errors ?? []).map((e) => formatError(e, null)), ...context.appended];
    let data = (result.data as Record<string, unknown> | null | undefined) ?? null;
    if (operationDepth(operation, fragments) > this.limits.queryDepthLimit) {
      const cut = cutAtDepth(data, operation, { schema, fragments, variables, limit: this.limits.queryDepthLimit });
      data = cut.data;
      errors.push(...cut.errors);
    }
    this.notify(context, data);
    const response: AppSyncResponse = { data };
    if (errors.length > 0) response.errors = errors;
    return response;
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
    // Past the depth limit a resolver never runs either (queryDepth.ts cuts the field's value).
    const path = pathOf(info);
    if (pathDepth(path) > this.limits.queryDepthLimit) {
      throw new ResolverError(depthLimitMessage(this.limits.queryDepthLimit, path), 'QueryDepthLimitReached');
    }
    withMissingVariablesAsNull(args, info);
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

/**
 * A field error as AppSync writes it: all six keys, always, in AppSync's order (`path`, `data`,
 * `errorType`, `errorInfo`, `locations`, `message`: the answers quoted in aws-amplify/amplify-js#7179
 * and serverless-components/aws-app-sync#25). A field error that is not a ResolverError is a
 * runtime fault (`Code`).
 */
export function formatError(error: GraphQLError, fallbackType: string | null): AppSyncErrorEntry {
  const original = error.originalError;
  const locations = error.locations?.map((l) => ({ line: l.line, column: l.column, sourceName: null })) ?? null;
  const path = error.path ? [...error.path] : null;
  if (original instanceof ResolverError) {
    return {
      path,
      data: original.data ?? null,
      errorType: original.errorType,
      errorInfo: original.errorInfo ?? null,
      locations,
      message: original.message,
    };
  }
  return { path, data: null, errorType: fallbackType ?? 'Code', errorInfo: null, locations, message: error.message };
}

const badRequest = (message: string): { refusal: RequestRefusal } => ({
  refusal: { status: 400, errorType: 'BadRequestException', message },
});

function javaLocation(loc: { source: Source; start: number } | undefined): JavaLocation {
  const { line, column } = loc ? getLocation(loc.source, loc.start) : { line: 0, column: 0 };
  return { line, column, sourceName: null };
}

/**
 * An argument given as a variable the request left out arrives as an explicit null in AppSync
 * (graphql-java 9's ValuesResolver.getArgumentValues puts every argument the field names), where
 * graphql-js leaves the argument out: "the resolver function will see an explicit null even if no
 * value was provided for the variable" (recorded in https://github.com/aws/aws-appsync-community/issues/348).
 */
function withMissingVariablesAsNull(args: Record<string, unknown>, info: GraphQLResolveInfo): void {
  for (const arg of info.fieldNodes[0]?.arguments ?? []) {
    if (arg.value.kind === Kind.VARIABLE && !(arg.name.value in args) && !(arg.value.name.value in info.variableValues)) {
      args[arg.name.value] = null;
    }
  }
}
