/**
 * What a `start` becomes: the subscription document parsed and validated against the schema,
 * its variables coerced, and — when `resolvers/Subscription.<field>[.none].ts` exists — that
 * resolver run once, as AppSync runs it at subscribe time (the same unit-resolver rules as any
 * field), for its checks and for the filter its RESPONSE handler sets with
 * `extensions.setSubscriptionFilter` — AppSync honours it only there
 * (https://docs.aws.amazon.com/appsync/latest/devguide/extensions-js.html). No filter set:
 * AppSync's basic filtering (every argument given must equal the payload's field of that name).
 */
import { execute, getDirectiveValues, locatedError, type DocumentNode, type ExecutionResult, type GraphQLResolveInfo } from 'graphql';
import type { Caller } from '../caller.js';
import { formatError, type BoundResolver, type Executor, type GraphQLRequest } from '../executor.js';
import { runUnitResolver } from '../runUnitResolver.js';
import { parseGraphQLRequest } from '../graphqlRequest.js';
import { argumentFilter, validateFilter, type EnhancedFilter } from './filter.js';
import { badRequest, unsupportedOperation, type RealtimeError } from './messages.js';

export interface PreparedSubscription {
  fieldName: string;
  mutations: string[];
  document: DocumentNode;
  operationName: string | undefined;
  variables: Record<string, unknown>;
  filter: EnhancedFilter;
  renderKey: string;
}

export type PrepareOutcome = { subscription: PreparedSubscription } | { errors: RealtimeError[] };

/** The GraphQL request of a start message: `payload.data` is `{query, variables}` as a JSON string (or object). */
export function startRequest(payload: unknown): GraphQLRequest | RealtimeError {
  const data = payload !== null && typeof payload === 'object' ? (payload as { data?: unknown }).data : undefined;
  let raw: unknown = data;
  if (typeof data === 'string') {
    try {
      raw = JSON.parse(data);
    } catch {
      return badRequest('payload.data must be a JSON string of {query, variables}');
    }
  }
  if (raw === undefined || raw === null) return unsupportedOperation('unknown');
  const request = parseGraphQLRequest(raw);
  return typeof request === 'string' ? badRequest(request) : request;
}

export class SubscriptionPreparer {
  private resolvers: ReadonlyMap<string, BoundResolver>;

  constructor(
    private readonly executor: Executor,
    resolvers: readonly BoundResolver[],
  ) {
    this.resolvers = subscriptionResolvers(resolvers);
  }

  /** Hot reload (local/dev): the Subscription resolvers new subscriptions run; open ones keep the filter they got. */
  replaceResolvers(resolvers: readonly BoundResolver[]): void {
    this.resolvers = subscriptionResolvers(resolvers);
  }

  async prepare(request: GraphQLRequest, caller: Caller): Promise<PrepareOutcome> {
    const checked = this.executor.check(request, true);
    if (checked.kind === 'refused') return { errors: [{ errorType: checked.refusal.errorType, message: checked.refusal.message }] };
    // GraphQL's own errors reach a subscriber as `{message}` alone: AppSync's frames recorded in
    // aws-amplify/amplify-swift#1589 (validation) and aws-amplify/amplify-cli#7427 (variables).
    if (checked.kind === 'answered') return { errors: (checked.response.errors ?? []).map((e) => ({ message: e.message })) };
    const { document, operation, variables } = checked;
    if (operation.operation !== 'subscription') return { errors: [unsupportedOperation(operation.operation)] };

    // graphql-js builds the field's info from the coerced variables; the root field resolves to
    // null here, so nothing below it runs.
    let root: { args: Record<string, unknown>; info: GraphQLResolveInfo } | undefined;
    const probe = (await execute({
      schema: this.executor.schemas.execution,
      document,
      variableValues: variables,
      operationName: operation.name?.value,
      fieldResolver: (_source, args: Record<string, unknown>, _context, info) => {
        if (info.path.prev === undefined) root ??= { args, info };
        return null;
      },
    })) as ExecutionResult;
    if (probe.errors?.length) return { errors: probe.errors.map((e) => formatError(e, null)) };
    if (!root) return { errors: [unsupportedOperation('unknown')] };
    const { args, info } = root;

    const filter = await this.runResolver(args, info, caller);
    if ('errors' in filter) return filter;
    return {
      subscription: {
        fieldName: info.fieldName,
        mutations: this.mutationsOf(info.fieldName),
        document,
        operationName: operation.name?.value,
        variables,
        filter: filter.filter,
        renderKey: `${request.query}\u0000${request.operationName ?? ''}\u0000${JSON.stringify(variables)}`,
      },
    };
  }

  /** `@aws_subscribe(mutations: [...])` of a Subscription field. */
  private mutationsOf(fieldName: string): string[] {
    const schema = this.executor.schemas.declared;
    const field = schema.getSubscriptionType()?.getFields()[fieldName];
    const directive = schema.getDirective('aws_subscribe');
    if (!field?.astNode || !directive) return [];
    const values = getDirectiveValues(directive, field.astNode) as { mutations?: (string | null)[] | null } | undefined;
    return (values?.mutations ?? []).filter((m): m is string => typeof m === 'string');
  }

  private async runResolver(
    args: Record<string, unknown>,
    info: GraphQLResolveInfo,
    caller: Caller,
  ): Promise<{ filter: EnhancedFilter } | { errors: RealtimeError[] }> {
    const bound = this.resolvers.get(info.fieldName);
    if (!bound) return { filter: argumentFilter(args) };
    const outcome = await runUnitResolver({ bound, caller, source: null, args, info, env: this.executor.env });
    if (outcome.kind === 'error') return { errors: [formatError(locatedError(outcome.error, info.fieldNodes, [info.path.key]), null)] };
    // Only the response handler's filter counts; the extension itself ignores (and reports) a call elsewhere.
    const rawFilter = outcome.state.handler === 'response' ? outcome.state.subscriptionFilter : undefined;
    if (rawFilter === undefined) return { filter: argumentFilter(args) };
    const filter = validateFilter(rawFilter);
    if (typeof filter === 'string')
      // AppSync's refusal of a filter: {message, errorCode} (aws-amplify/amplify-android#2578).
      return { errors: [{ message: filter, errorCode: 400 }] };
    return { filter };
  }
}

function subscriptionResolvers(resolvers: readonly BoundResolver[]): ReadonlyMap<string, BoundResolver> {
  return new Map(resolvers.filter((r) => r.typeName === 'Subscription').map((r) => [r.fieldName, r]));
}
