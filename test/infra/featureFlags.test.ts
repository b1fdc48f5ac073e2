/**
 * cdk.json sets every feature flag of the pinned aws-cdk-lib (`npm run synth` printed "85 feature
 * flags are not configured" without them), each to the value aws-cdk-lib recommends for new apps;
 * the other infra tests build their Apps with this context (helpers.ts cdkApp), so nag and the
 * template assertions check what `cdk synth` deploys.
 */
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { CDK_JSON_CONTEXT } from './helpers.js';

const require = createRequire(import.meta.url);
const recommended = require('aws-cdk-lib/recommended-feature-flags.json') as Record<string, unknown>;

describe('cdk.json feature flags', () => {
  it('configures every flag aws-cdk-lib recommends, at its recommended value', () => {
    const names = Object.keys(recommended);
    expect(names.length).toBeGreaterThan(50);
    const unset = names.filter((name) => !(name in CDK_JSON_CONTEXT));
    expect(unset).toEqual([]);
    const otherwise = names.filter((name) => JSON.stringify(CDK_JSON_CONTEXT[name]) !== JSON.stringify(recommended[name]));
    expect(otherwise).toEqual([]);
  });
});
