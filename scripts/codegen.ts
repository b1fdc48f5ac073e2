/**
 * `npm run codegen` writes the generated types; `npm run codegen -- --check` (`npm run lint:codegen`)
 * only compares them with what is on disk and fails when they are stale. The CLI's own `--check`
 * would need @graphql-codegen/cli, whose current release needs Node 22 (its listr2 10) and brings
 * ~35 packages of loaders this project does not use; the engine is driven directly instead
 * (generateTypes.ts), and this comparison is all that is left to do.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { projectRoot } from '../definitions/paths.js';
import { generateTypes } from './generateTypes.js';

const check = process.argv.includes('--check');
const stale: string[] = [];
for (const file of await generateTypes()) {
  const path = join(projectRoot, file.path);
  let current: string | null = null;
  try {
    current = readFileSync(path, 'utf8');
  } catch {
    current = null;
  }
  if (current === file.content) continue;
  if (check) {
    stale.push(file.path);
  } else {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, file.content);
    console.log(`wrote ${file.path}`);
  }
}
if (stale.length > 0) {
  console.error(
    `Generated types are stale (schema.graphql or definitions/operations changed): ${stale.join(', ')}. Run \`npm run codegen\`.`,
  );
  process.exit(1);
}
