/**
 * `npm run smoke`: the post-deploy smoke suite. Runs every check against one Orders API (a deployed
 * stack or the local runtime) in a store of its own (`smoke-<time>-<random>`), prints a line per
 * check and exits 1 if any failed (2 when it could not start).
 */
import { allChecks } from './allChecks.js';
import { createContext, runChecks } from './check.js';
import { USAGE, readOptions } from './options.js';

async function main(): Promise<number> {
  let options;
  try {
    options = await readOptions(process.argv.slice(2).filter((arg) => arg !== '--'));
  } catch (error) {
    console.error(`smoke: ${(error as Error).message}`);
    return 2;
  }
  if (options.help) {
    console.log(USAGE);
    return 0;
  }
  const context = createContext(options.target);
  const { graphqlUrl, restUrl, realtimeUrl } = options.target;
  console.log(`smoke: GraphQL ${graphqlUrl} | REST ${restUrl} | real-time ${realtimeUrl} | store ${context.storeId}`);
  const results = await runChecks(allChecks, context, (line) => console.log(line));
  const failed = results.filter((r) => !r.ok).length;
  console.log(`smoke: ${results.length - failed} passed, ${failed} failed`);
  return failed === 0 ? 0 : 1;
}

process.exitCode = await main();
