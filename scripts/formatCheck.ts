/**
 * `npm run format:check` (part of `npm run lint`): every tracked source file (TypeScript,
 * JavaScript, JSON) must be as Prettier (.prettierrc.json) writes it; .prettierignore names the
 * exceptions (generated and npm-written files). Fix with `npx prettier --write <file>`.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as prettier from 'prettier';
import { projectRoot } from '../definitions/paths.js';

const SOURCE = /\.(ts|mts|cts|js|mjs|cjs|json)$/;
const tracked = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], { cwd: projectRoot, encoding: 'utf8' })
  .split('\n')
  .filter((file) => SOURCE.test(file));

const unformatted: string[] = [];
for (const file of tracked) {
  const path = join(projectRoot, file);
  const info = await prettier.getFileInfo(path, { ignorePath: join(projectRoot, '.prettierignore') });
  if (info.ignored) continue;
  const options = await prettier.resolveConfig(path);
  if (!(await prettier.check(readFileSync(path, 'utf8'), { ...options, filepath: path }))) unformatted.push(file);
}
if (unformatted.length > 0) {
  console.error(`Not formatted with Prettier: ${unformatted.join(', ')}. Run \`npx prettier --write <file>\`.`);
  process.exit(1);
}
console.log(`Prettier: ${tracked.length} source files checked.`);
