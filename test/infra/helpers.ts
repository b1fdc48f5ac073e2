/** Shared by the infra tests: a stack built from the bundles test/globalSetup.ts already made. */
import { App } from 'aws-cdk-lib';
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

export function makeStack(props: Partial<OrdersStackProps> = {}, id = 'OrdersApi-test'): OrdersStack {
  const app = new App();
  return new OrdersStack(app, id, { stage: 'test', resolvers: builtBundles(), ...props });
}

/**
 * The stack as `cdk synth -c key=value …` builds it (infra/bin/app.ts): the context read once into
 * props, the construct id the stack name. `props` replace what the context decided.
 */
export function stackFromContext(context: Record<string, unknown>, props: Partial<OrdersStackProps> = {}): OrdersStack {
  const config = readAppConfig((key) => context[key]);
  return new OrdersStack(new App(), config.stackName, { ...ordersStackProps(config), resolvers: builtBundles(), ...props });
}
