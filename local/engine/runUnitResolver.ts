/**
 * One unit resolver, with AppSync's rules, for every kind of field (query, mutation, and a
 * subscription at subscribe time): request handler → data source → response handler.
 * - `util.error` aborts the field; `util.appendError` collects and the field goes on;
 * - `runtime.earlyReturn` in the request skips the data source AND the response handler;
 * - a data source error becomes `ctx.error` and is not raised by itself: the response decides.
 * https://docs.aws.amazon.com/appsync/latest/devguide/resolver-reference-overview-js.html
 * https://docs.aws.amazon.com/appsync/latest/devguide/resolver-context-reference-js.html (ctx)
 */
import type { GraphQLResolveInfo } from 'graphql';
import { ordersTable, USER_TIME_INDEX_ENV } from '../../definitions/ordersTable.js';
import { AUTH_TYPE_NAMES, type Caller } from './caller.js';
import type { DataSource } from './dataSources/dataSource.js';
import { setInvocationAuthType, type AppendedError, type InvocationState, type ResolverError } from './runtime/errors.js';
import type { HandlerOutcome, LoadedResolver } from './runtime/loadResolver.js';
import { keepAccessors } from './runtime/realmMembrane.js';
import { selectionSetGraphQL, selectionSetList } from './selectionSet.js';

export type { DataSource };

export interface BoundResolver {
  typeName: string;
  fieldName: string;
  resolver: LoadedResolver;
  dataSource: DataSource;
}

export interface UnitResolverInput {
  bound: BoundResolver;
  caller: Caller;
  source: unknown;
  args: Record<string, unknown>;
  info: GraphQLResolveInfo;
  /** Field-level logging (local/logging): absent when it is off, so the hot path pays one check per handler. */
  hook?: UnitResolverHook | undefined;
}

/** What AppSync's field-level logs see of one resolver run. */
export interface UnitResolverHook {
  /** A handler is about to run: its console lines belong to it. */
  before(handler: 'request' | 'response'): void;
  /** The handler ran: the ctx it saw (stash as it left it) and how it ended. */
  handled(handler: 'request' | 'response', ctx: Record<string, unknown>, outcome: HandlerOutcome): void;
  /** The field is resolved. */
  done(outcome: UnitResolverOutcome): void;
}

/**
 * How the field ended: its value, or the `util.error` that aborted it. `appended` holds every
 * `util.appendError` of both handlers; `state` is the last handler's (the response's, unless the
 * request ended the field), where the extensions it called are recorded.
 */
export type UnitResolverOutcome =
  | { kind: 'value'; value: unknown; appended: AppendedError[]; state: InvocationState }
  | { kind: 'error'; error: ResolverError; appended: AppendedError[]; state: InvocationState };

/**
 * `ctx.env`: the AppSync environment variables the stack sets (OrdersGraphqlApi) for the table the
 * local store creates. https://docs.aws.amazon.com/appsync/latest/devguide/environment-variables.html
 */
const ENVIRONMENT_VARIABLES: Readonly<Record<string, string>> = Object.freeze({ [USER_TIME_INDEX_ENV]: ordersTable.userTimeIndex.name });

/** AppSync's `ctx` for a field. Selection sets are computed only when the resolver reads them. */
export function resolverContext({ caller, source, args, info }: Omit<UnitResolverInput, 'bound'>): Record<string, unknown> {
  const ctx: Record<string, unknown> = {
    arguments: args,
    args,
    identity: caller.identity,
    source: source ?? null,
    stash: {},
    env: { ...ENVIRONMENT_VARIABLES },
    prev: { result: {} },
    request: { headers: caller.headers, domainName: null },
    info: keepAccessors({
      fieldName: info.fieldName,
      parentTypeName: info.parentType.name,
      variables: info.variableValues,
      get selectionSetList() {
        return selectionSetList(info);
      },
      get selectionSetGraphQL() {
        return selectionSetGraphQL(info);
      },
    }),
  };
  setInvocationAuthType(ctx, AUTH_TYPE_NAMES[caller.authType]);
  return ctx;
}

export async function runUnitResolver(input: UnitResolverInput): Promise<UnitResolverOutcome> {
  const { hook } = input;
  // Read once: a hot reload (local/dev) swapping `bound.resolver` mid-field must not pair one version's request with another's response.
  const { resolver, dataSource } = input.bound;
  const ctx = resolverContext(input);
  hook?.before('request');
  const req = resolver.call('request', ctx);
  hook?.handled('request', ctx, req);
  const appended = [...req.state.appendedErrors];
  if (req.kind === 'error') return finish(hook, { kind: 'error', error: req.error, appended, state: req.state });
  if (req.kind === 'earlyReturn') return finish(hook, { kind: 'value', value: req.value ?? null, appended, state: req.state });
  const outcome = await dataSource.invoke(req.value);
  if ('error' in outcome) ctx.error = outcome.error;
  else ctx.result = outcome.result;
  hook?.before('response');
  const res = resolver.call('response', ctx);
  hook?.handled('response', ctx, res);
  appended.push(...res.state.appendedErrors);
  if (res.kind === 'error') return finish(hook, { kind: 'error', error: res.error, appended, state: res.state });
  return finish(hook, { kind: 'value', value: res.value ?? null, appended, state: res.state });
}

function finish(hook: UnitResolverHook | undefined, outcome: UnitResolverOutcome): UnitResolverOutcome {
  hook?.done(outcome);
  return outcome;
}
