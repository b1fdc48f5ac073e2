/**
 * The protocol set: every answer in smoke/protocol/answers.json replayed against the target, one
 * check each, named after the answer and how sure the file is of it. Each verdict is handed to
 * `onVerdict`, so a run with `--record` can write it back into the file.
 */
import type { Check } from '../check.js';
import { SmokeFailure } from '../expect.js';
import type { Answer } from '../protocol/answers.js';
import { replay, type ReplayResult } from '../protocol/replay.js';

export function protocolChecks(
  answers: readonly Answer[],
  onVerdict: (answer: Answer, result: ReplayResult) => void = () => undefined,
): Check[] {
  return answers.map((answer) => ({
    name: `protocol ${answer.id} (${answer.evidence}): ${answer.what}`,
    async run({ target }) {
      const result = await replay(answer, target);
      onVerdict(answer, result);
      if (!result.ok) throw new SmokeFailure(result.detail ?? 'a different answer');
    },
  }));
}
