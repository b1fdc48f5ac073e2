/** Shared by the infra tests: a stack built from the bundles test/globalSetup.ts already made. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { projectRoot } from '../../definitions/paths.js';
import { bundlePathOf, type ResolverBundle } from '../../definitions/resolverBundles.js';
import { listResolvers } from '../../definitions/resolverWiring.js';
import { ordersStackProps, readAppConfig } from '../../infra/bin/appConfig.js';
import { OrdersStack, type OrdersStackProps } from '../../infra/lib/OrdersStack.js';

/**
 * The bundles in dist/resolvers/ as the local runtime loads them. The tests read them instead of
 * rebuilding, so they never rewrite files other test files may be loading; the synth test runs
 * the real build.
 */
export function builtBundles(): ResolverBundle[] {
  return listResolvers().map((w) => ({ ...w, bundlePath: bundlePathOf(w.name) }));
}

/** cdk.json's context — the feature flags among it — as `cdk synth` hands it to the app. */
export const CDK_JSON_CONTEXT = (JSON.parse(readFileSync(join(projectRoot, 'cdk.json'), 'utf8')) as { context: Record<string, unknown> })
  .context;

/** An App as `cdk synth` makes it: the tests check the template the CLI deploys, feature flags included. */
export function cdkApp(): App {
  return new App({ context: CDK_JSON_CONTEXT });
}

export function makeStack(props: Partial<OrdersStackProps> = {}, id = 'OrdersApi-test'): OrdersStack {
  const app = cdkApp();
  return new OrdersStack(app, id, { stage: 'test', resolvers: builtBundles(), ...props });
}

/**
 * The stack as `cdk synth -c key=value …` builds it (infra/bin/app.ts): the context read once into
 * props, the construct id the stack name. `props` replace what the context decided.
 */
export function stackFromContext(context: Record<string, unknown>, props: Partial<OrdersStackProps> = {}): OrdersStack {
  const config = readAppConfig((key) => context[key]);
  return new OrdersStack(cdkApp(), config.stackName, { ...ordersStackProps(config), resolvers: builtBundles(), ...props });
}
