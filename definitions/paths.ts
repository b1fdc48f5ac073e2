import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, wherever the code runs from (tsx, vitest, the CDK app). */
export const projectRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
