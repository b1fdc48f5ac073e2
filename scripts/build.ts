/** `npm run build`: bundles the resolvers and checks their wiring against schema.graphql. */
import { relative } from 'node:path';
import { buildResolverBundles } from '../definitions/resolverBundles.js';
import { buildAppSyncSchema, checkWiring } from '../definitions/resolverWiring.js';

const bundles = buildResolverBundles();
const problems = checkWiring(bundles, buildAppSyncSchema());
if (problems.length > 0) {
  console.error(problems.join('\n'));
  process.exit(1);
}
for (const b of bundles) console.log(`${b.typeName}.${b.fieldName} -> ${relative(process.cwd(), b.bundlePath)}`);
