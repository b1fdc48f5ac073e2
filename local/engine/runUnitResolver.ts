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
import type { BoundResolver } from './boundResolver.js';
import type { DataSource } from './dataSources/dataSource.js';
import type { FieldObserver, UnitResolverOutcome } from './hooks.js';
import { setInvocationAuthType } from './runtime/errors.js';
import { keepAccessors } from './runtime/realmMembrane.js';
import { selectionSetGraphQL, selectionSetList } from './selectionSet.js';

export type { DataSource };
export type { UnitResolverOutcome } from './hooks.js';
export type { BoundResolver } from './boundResolver.js';

export interface UnitResolverInput {
  bound: BoundResolver;
  caller: Caller;
  source: unknown;
  args: Record<string, unknown>;
  info: GraphQLResolveInfo;
  /**
   * `ctx.env`: the AppSync environment variables the API sets
   * (https://docs.aws.amazon.com/appsync/latest/devguide/environment-variables.html).
   */
  env: Readonly<Record<string, string>>;
  /** Field-level observing (hooks.ts): absent when nothing observes, so the hot path pays one check per handler. */
  observer?: FieldObserver | undefined;
}

/** AppSync's `ctx` for a field. Selection sets are computed only when the resolver reads them. */
export function resolverContext({ caller, source, args, info, env }: Omit<UnitResolverInput, 'bound'>): Record<string, unknown> {
  const ctx: Record<string, unknown> = {
    arguments: args,
    args,
    identity: caller.identity,
    source: source ?? null,
    stash: {},
    env: { ...env },
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
  const { observer } = input;
  // Read once: a hot reload (local/dev) swapping `bound.resolver` mid-field must not pair one version's request with another's response.
  const { resolver, dataSource } = input.bound;
  const ctx = resolverContext(input);
  const onLog = observer && ((entry: Parameters<FieldObserver['console']>[0]) => observer.console(entry));
  const req = resolver.call('request', ctx, onLog);
  observer?.handled('request', ctx, req);
  const appended = [...req.state.appendedErrors];
  if (req.kind === 'error') return finish(observer, { kind: 'error', error: req.error, appended, state: req.state });
  if (req.kind === 'earlyReturn') return finish(observer, { kind: 'value', value: req.value ?? null, appended, state: req.state });
  const outcome = await dataSource.invoke(req.value);
  if ('error' in outcome) ctx.error = outcome.error;
  else ctx.result = outcome.result;
  const res = resolver.call('response', ctx, onLog);
  observer?.handled('response', ctx, res);
  appended.push(...res.state.appendedErrors);
  if (res.kind === 'error') return finish(observer, { kind: 'error', error: res.error, appended, state: res.state });
  return finish(observer, { kind: 'value', value: res.value ?? null, appended, state: res.state });
}

function finish(observer: FieldObserver | undefined, outcome: UnitResolverOutcome): UnitResolverOutcome {
  observer?.done(outcome);
  return outcome;
}
