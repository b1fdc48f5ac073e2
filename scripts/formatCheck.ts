/**
 * `npm run format:check` (part of `npm run lint`): Prettier (.prettierrc.json) over the files listed
 * in .prettier-checked — the files already formatted. The rest of the tree is not reformatted in
 * one sweep (it would collide with work in progress); a file joins the list once it is formatted
 * (`npx prettier --write <file>`).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as prettier from 'prettier';
import { projectRoot } from '../definitions/paths.js';

const listed = readFileSync(join(projectRoot, '.prettier-checked'), 'utf8')
  .split('\n')
  .map((line) => line.trim())
  .filter((line) => line !== '' && !line.startsWith('#'));

const unformatted: string[] = [];
for (const file of listed) {
  const path = join(projectRoot, file);
  const options = await prettier.resolveConfig(path);
  if (!(await prettier.check(readFileSync(path, 'utf8'), { ...options, filepath: path }))) unformatted.push(file);
}
if (unformatted.length > 0) {
  console.error(`Not formatted with Prettier: ${unformatted.join(', ')}. Run \`npx prettier --write <file>\`.`);
  process.exit(1);
}
console.log(`Prettier: ${listed.length} files formatted.`);
