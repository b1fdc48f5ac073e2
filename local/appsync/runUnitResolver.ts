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
import { AUTH_TYPE_NAMES, type Caller } from './caller.js';
import type { DataSourceOutcome } from './dataSources/dynamodb.js';
import { setInvocationAuthType, type AppendedError, type InvocationState, type ResolverError } from './runtime/errors.js';
import type { LoadedResolver } from './runtime/loadResolver.js';
import { selectionSetGraphQL, selectionSetList } from './selectionSet.js';

export interface DataSource {
  invoke(request: unknown): Promise<DataSourceOutcome>;
}

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
}

/**
 * How the field ended: its value, or the `util.error` that aborted it. `appended` holds every
 * `util.appendError` of both handlers; `state` is the last handler's (the response's, unless the
 * request ended the field), where the extensions it called are recorded.
 */
export type UnitResolverOutcome =
  | { kind: 'value'; value: unknown; appended: AppendedError[]; state: InvocationState }
  | { kind: 'error'; error: ResolverError; appended: AppendedError[]; state: InvocationState };

/** AppSync's `ctx` for a field. Selection sets are computed only when the resolver reads them. */
export function resolverContext({ caller, source, args, info }: Omit<UnitResolverInput, 'bound'>): Record<string, unknown> {
  const ctx: Record<string, unknown> = {
    arguments: args,
    args,
    identity: caller.identity,
    source: source ?? null,
    stash: {},
    prev: { result: {} },
    request: { headers: caller.headers, domainName: null },
    info: {
      fieldName: info.fieldName,
      parentTypeName: info.parentType.name,
      variables: info.variableValues,
      get selectionSetList() {
        return selectionSetList(info);
      },
      get selectionSetGraphQL() {
        return selectionSetGraphQL(info);
      },
    },
  };
  setInvocationAuthType(ctx, AUTH_TYPE_NAMES[caller.authType]);
  return ctx;
}

export async function runUnitResolver(input: UnitResolverInput): Promise<UnitResolverOutcome> {
  const { bound } = input;
  const ctx = resolverContext(input);
  const req = bound.resolver.call('request', ctx);
  const appended = [...req.state.appendedErrors];
  if (req.kind === 'error') return { kind: 'error', error: req.error, appended, state: req.state };
  if (req.kind === 'earlyReturn') return { kind: 'value', value: req.value ?? null, appended, state: req.state };
  const outcome = await bound.dataSource.invoke(req.value);
  if ('error' in outcome) ctx.error = outcome.error;
  else ctx.result = outcome.result;
  const res = bound.resolver.call('response', ctx);
  appended.push(...res.state.appendedErrors);
  if (res.kind === 'error') return { kind: 'error', error: res.error, appended, state: res.state };
  return { kind: 'value', value: res.value ?? null, appended, state: res.state };
}
