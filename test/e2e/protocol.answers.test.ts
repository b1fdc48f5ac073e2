/**
 * Every answer in smoke/protocol/answers.json, replayed against the local runtime: the same
 * requests `npm run smoke -- --protocol` sends to a deployed stack, the same comparison (status
 * and body exactly; real-time messages exactly, in order).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalServer, type LocalServer } from '../../harness/localServer.js';
import { readAnswers } from '../../smoke/protocol/answers.js';
import { replay, type ReplayTarget } from '../../smoke/protocol/replay.js';

let server: LocalServer;
let target: ReplayTarget;

beforeAll(async () => {
  server = await startLocalServer();
  target = { graphqlUrl: server.graphqlUrl, realtimeUrl: `${server.graphqlUrl.replace(/^http/, 'ws')}/realtime`, apiKey: server.apiKey };
});
afterAll(async () => {
  await server?.stop();
});

describe('AppSync answers (smoke/protocol/answers.json) against the local runtime', () => {
  for (const answer of readAnswers().answers) {
    it(`${answer.id}: ${answer.what} (${answer.evidence})`, async () => {
      const result = await replay(answer, target);
      expect(result.detail ?? 'same answer').toBe('same answer');
    });
  }
});
