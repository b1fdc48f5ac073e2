/**
 * cdk-nag's AwsSolutions pack over the Orders stack. cdk-nag 3 is a CDK policy-validation plugin
 * (no Aspect, no Annotations) whose suppressions are CDK's own Validations.acknowledge() entries;
 * so the pack is run directly (validateScope) and as the plugin `cdk synth` would run.
 */
import { RemovalPolicy, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { OrdersStack } from '../../infra/lib/OrdersStack.js';
import { builtBundles, cdkApp, makeStack } from './helpers.js';

interface Acknowledged {
  path: string;
  id: string;
  reason: string;
}

function acknowledgements(root: IConstruct): Acknowledged[] {
  const found: Acknowledged[] = [];
  for (const c of root.node.findAll()) {
    for (const entry of c.node.metadata) {
      if (entry.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY) continue;
      for (const [id, reason] of Object.entries(entry.data as Record<string, string>)) {
        found.push({ path: c.node.path, id: id.replace(/^annotation::/i, ''), reason });
      }
    }
  }
  return found;
}

const findings = (stack: OrdersStack) =>
  new AwsSolutionsChecks()
    .validateScope(stack)
    .violations.flatMap((v) => v.violatingResources.map((r) => `${v.severity} ${v.ruleName} ${r.constructPath}`));

afterEach(() => {
  vi.restoreAllMocks();
});

describe('cdk-nag AwsSolutions', () => {
  it('finds no unacknowledged error or warning', () => {
    expect(findings(makeStack())).toEqual([]);
  });

  it('finds none for a destroy-policy stage either', () => {
    expect(findings(makeStack({ removalPolicy: RemovalPolicy.DESTROY, stage: 'dev' }, 'OrdersApi-dev'))).toEqual([]);
  });

  it('passes as the synth-time validation plugin', () => {
    const app = cdkApp();
    new OrdersStack(app, 'OrdersApi-plugin', { stage: 'plugin', resolvers: builtBundles() });
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    expect(() => app.synth()).not.toThrow();
  });

  it('gives every acknowledgement a written reason specific to this stack', () => {
    const acks = acknowledgements(makeStack());
    expect(acks.length).toBeGreaterThan(0);
    for (const a of acks) {
      expect(a.id, a.path).toMatch(/^AwsSolutions-[A-Z]+\d+(\[.+\])?$/);
      expect(a.reason.length, `${a.id} at ${a.path}`).toBeGreaterThanOrEqual(80);
    }
  });

  it('acknowledges exactly the findings that exist: none stale, none blanket', () => {
    const acknowledged = acknowledgements(makeStack())
      .map((a) => a.id)
      .sort();
    // The same stack with every acknowledgement dropped: what would nag report?
    vi.spyOn(Validations.prototype, 'acknowledge').mockImplementation(() => undefined);
    const raw = new AwsSolutionsChecks().validateScope(makeStack({}, 'OrdersApi-raw')).violations;
    const reported = raw.flatMap((v) => v.violatingResources.map(() => v.ruleName)).sort();
    expect(reported).toEqual(acknowledged);
    expect(raw.every((v) => v.severity === 'error' || v.severity === 'warning')).toBe(true);
  });

  it('fails synthesis as a plugin when a finding is not acknowledged', () => {
    vi.spyOn(Validations.prototype, 'acknowledge').mockImplementation(() => undefined);
    const app = cdkApp();
    new OrdersStack(app, 'OrdersApi-unacked', { stage: 'unacked', resolvers: builtBundles() });
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    let error: unknown;
    try {
      app.synth();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(/AwsSolutions-ASC3/);
  });
});
