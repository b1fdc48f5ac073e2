/**
 * Types generated from the schema (scripts/generateTypes.ts): the checked-in files are current,
 * and a schema change that breaks a resolver is a type error — what `npm run lint` relies on.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../definitions/paths.js';
import { readSchemaSource } from '../../definitions/resolverWiring.js';
import { generateTypes } from '../../scripts/generateTypes.js';

/** Type-checks a copy of resolvers/ (and what they import) with resolvers/generated/schema.ts made from `schema`. */
async function typeErrorsWith(schema: string): Promise<string[]> {
  // Inside the project so `@aws-appsync/utils` resolves from its node_modules.
  const root = mkdtempSync(join(projectRoot, '.codegen-test-'));
  try {
    cpSync(join(projectRoot, 'resolvers'), join(root, 'resolvers'), { recursive: true });
    mkdirSync(join(root, 'definitions'));
    cpSync(join(projectRoot, 'definitions', 'ordersTable.ts'), join(root, 'definitions', 'ordersTable.ts'));
    for (const file of await generateTypes(schema)) {
      if (!file.path.startsWith('resolvers/')) continue;
      mkdirSync(dirname(join(root, file.path)), { recursive: true });
      writeFileSync(join(root, file.path), file.content);
    }
    const rootNames = ['Mutation.createOrder.ts', 'Query.userOrders.ts', 'Subscription.onCreateOrder.none.ts'].map((f) =>
      join(root, 'resolvers', f),
    );
    const program = ts.createProgram(rootNames, {
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.ESNext,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
      types: [],
    });
    return ts
      .getPreEmitDiagnostics(program)
      .map((d) => `${d.file ? d.file.fileName.slice(root.length + 1) : ''}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

describe('types generated from schema.graphql', () => {
  it('are what `npm run codegen` writes today (npm run lint fails otherwise)', async () => {
    for (const file of await generateTypes()) {
      expect(readFileSync(join(projectRoot, file.path), 'utf8'), file.path).toBe(file.content);
    }
  });

  it('declare the schema’s types for the resolvers and typed documents for the tests', async () => {
    const [schemaTypes, operations] = await generateTypes();
    expect(schemaTypes!.content).toContain('export type Order = {');
    expect(schemaTypes!.content).toContain('export type MutationCreateOrderArgs = {');
    expect(schemaTypes!.content).toContain("created_at: Scalars['AWSDateTime']['output'];");
    // Type-only: nothing in it reaches an APPSYNC_JS bundle.
    expect(schemaTypes!.content).not.toMatch(/^export (const|function|enum|class)/m);
    expect(operations!.content).toContain('export const CreateOrderDocument');
    expect(operations!.content).toContain('export type UserOrdersQueryVariables');
  });

  it('turn a schema change that breaks a resolver into a type error', { timeout: 60_000 }, async () => {
    const schema = readSchemaSource();
    expect(await typeErrorsWith(schema)).toEqual([]);
    const renamed = schema.replace(/(input CreateOrderInput \{[^}]*?)\bgrand_total: Float!/, '$1total: Float!');
    expect(renamed).not.toBe(schema);
    const errors = await typeErrorsWith(renamed);
    expect(errors.some((e) => e.startsWith('resolvers/Mutation.createOrder.ts') && e.includes("'grand_total'"))).toBe(true);
  });
});
