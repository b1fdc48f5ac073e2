/**
 * `npm run smoke`: the post-deploy smoke suite. Runs every check against one Orders API (a deployed
 * stack or the local runtime) in a store of its own (`smoke-<time>-<random>`), prints a line per
 * check and exits 1 if any failed (2 when it could not start). `--protocol` runs the protocol set
 * (smoke/protocol/answers.json) instead; with `--record`, AppSync's verdict on each answer is
 * written back into that file.
 */
import { allChecks } from './allChecks.js';
import { createContext, runChecks, type Check } from './check.js';
import { protocolChecks } from './checks/protocol.js';
import { USAGE, readOptions } from './options.js';
import { readAnswers, withVerdicts, writeAnswers, type AwsCheck } from './protocol/answers.js';

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
  const answersFile = options.mode === 'protocol' ? readAnswers() : undefined;
  const verdicts = new Map<string, AwsCheck>();
  const checkedAt = new Date().toISOString();
  let checks: readonly Check[] = allChecks;
  if (answersFile) {
    checks = protocolChecks(answersFile.answers, (answer, result) =>
      verdicts.set(answer.id, result.ok ? { checkedAt, outcome: 'confirmed' } : { checkedAt, outcome: 'differs', answer: result.got }),
    );
  }
  console.log(`smoke: GraphQL ${graphqlUrl} | REST ${restUrl || '-'} | real-time ${realtimeUrl} | store ${context.storeId}`);
  const results = await runChecks(checks, context, (line) => console.log(line));
  const failed = results.filter((r) => !r.ok).length;
  console.log(`smoke: ${results.length - failed} passed, ${failed} failed`);
  if (answersFile && options.record) {
    writeAnswers(withVerdicts(answersFile, verdicts));
    console.log(`smoke: recorded ${verdicts.size} verdicts in smoke/protocol/answers.json (checkedOnAws)`);
  }
  return failed === 0 ? 0 : 1;
}

process.exitCode = await main();
