/** The smoke suite's target: flags, `cdk deploy --outputs-file` outputs, and the real-time URL AppSync clients derive. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { newStoreId } from '../../smoke/check.js';
import { readAnswers, withVerdicts } from '../../smoke/protocol/answers.js';
import { readOptions } from '../../smoke/options.js';
import { realtimeUrlFor } from '../../smoke/realtimeEndpoint.js';

describe('realtimeUrlFor', () => {
  it('maps an appsync-api host to its appsync-realtime-api host over wss, as AppSync documents', () => {
    expect(realtimeUrlFor('https://abcdefghij1234567890.appsync-api.eu-west-1.amazonaws.com/graphql')).toBe(
      'wss://abcdefghij1234567890.appsync-realtime-api.eu-west-1.amazonaws.com/graphql',
    );
  });

  it('adds /realtime to any other endpoint: wss for https (custom domains), ws for the local http', () => {
    expect(realtimeUrlFor('https://api.example.com/graphql')).toBe('wss://api.example.com/graphql/realtime');
    expect(realtimeUrlFor('http://127.0.0.1:4000/graphql')).toBe('ws://127.0.0.1:4000/graphql/realtime');
  });
});

describe('readOptions', () => {
  const local = [
    '--graphql-url',
    'http://127.0.0.1:4000/graphql',
    '--api-key',
    'k',
    '--rest-url',
    'http://127.0.0.1:4000/',
    '--rest-key',
    'r',
  ];

  it('takes the four flags', async () => {
    expect(await readOptions(local)).toEqual({
      help: false,
      target: {
        graphqlUrl: 'http://127.0.0.1:4000/graphql',
        apiKey: 'k',
        restUrl: 'http://127.0.0.1:4000/',
        restKey: 'r',
        realtimeUrl: 'ws://127.0.0.1:4000/graphql/realtime',
      },
    });
  });

  it("reads GraphqlUrl, ApiKeyId and RestUrl from cdk deploy's outputs file; flags win", async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'smoke-')), 'outputs.json');
    const outputs = {
      GraphqlUrl: 'https://x1.appsync-api.us-east-1.amazonaws.com/graphql',
      ApiKeyId: 'da2-abc',
      RestUrl: 'https://r1.execute-api.us-east-1.amazonaws.com/dev/',
      TableName: 't',
    };
    writeFileSync(file, JSON.stringify({ 'OrdersApi-dev': outputs }));
    const options = await readOptions(['--outputs-file', file, '--rest-key', 'rest-secret']);
    expect(options).toEqual({
      help: false,
      target: {
        graphqlUrl: outputs.GraphqlUrl,
        apiKey: 'da2-abc',
        restUrl: outputs.RestUrl,
        restKey: 'rest-secret',
        realtimeUrl: 'wss://x1.appsync-realtime-api.us-east-1.amazonaws.com/graphql',
      },
    });
    writeFileSync(file, JSON.stringify({ 'OrdersApi-dev': outputs, 'OrdersApi-prod': outputs }));
    await expect(readOptions(['--outputs-file', file, '--rest-key', 'r'])).rejects.toThrow(/say which with --stack/);
    expect(
      await readOptions(['--outputs-file', file, '--stack', 'OrdersApi-prod', '--rest-key', 'r', '--api-key', 'flag-key']),
    ).toMatchObject({ target: { apiKey: 'flag-key' } });
  });

  it('--protocol needs only the GraphQL endpoint and key; --record needs --protocol and an endpoint that is not this machine', async () => {
    const aws = ['--graphql-url', 'https://x1.appsync-api.us-east-1.amazonaws.com/graphql', '--api-key', 'da2-k'];
    expect(await readOptions(['--protocol', ...aws, '--record'])).toEqual({
      help: false,
      mode: 'protocol',
      record: true,
      target: {
        graphqlUrl: 'https://x1.appsync-api.us-east-1.amazonaws.com/graphql',
        apiKey: 'da2-k',
        restUrl: '',
        restKey: '',
        realtimeUrl: 'wss://x1.appsync-realtime-api.us-east-1.amazonaws.com/graphql',
      },
    });
    await expect(readOptions(['--protocol', '--api-key', 'k'])).rejects.toThrow(/^missing --graphql-url \(/);
    await expect(readOptions([...aws, '--record'])).rejects.toThrow(/--record goes with --protocol/);
    await expect(readOptions(['--protocol', '--record', ...local])).rejects.toThrow(/point it at a deployed stack/);
  });

  it('names what is missing, and knows --help', async () => {
    await expect(readOptions(['--api-key', 'k'])).rejects.toThrow(/missing --graphql-url, --rest-url, --rest-key/);
    expect(await readOptions(['--help'])).toEqual({ help: true });
  });
});

describe('answers.json verdicts (--record)', () => {
  it('writes each verdict of the run into checkedOnAws and keeps the others', () => {
    const file = readAnswers();
    const [first, second] = file.answers;
    const verdicts = new Map([
      [first!.id, { checkedAt: '2026-12-01T00:00:00.000Z', outcome: 'differs' as const, answer: { status: 500 } }],
    ]);
    const recorded = withVerdicts(
      { ...file, answers: [first!, { ...second!, checkedOnAws: { checkedAt: 'x', outcome: 'confirmed' } }] },
      verdicts,
    );
    expect(recorded.answers.map((a) => a.checkedOnAws)).toEqual([
      { checkedAt: '2026-12-01T00:00:00.000Z', outcome: 'differs', answer: { status: 500 } },
      { checkedAt: 'x', outcome: 'confirmed' },
    ]);
  });

  it('every answer names its evidence and its source, and its id once', () => {
    const { answers } = readAnswers();
    expect(new Set(answers.map((a) => a.id)).size).toBe(answers.length);
    for (const a of answers) {
      expect(['recorded', 'recorded-wording', 'documented', 'inferred']).toContain(a.evidence);
      expect(a.source.length).toBeGreaterThan(20);
    }
  });
});

describe('newStoreId', () => {
  it('is smoke-<UTC time>-<6 hex>, new each run', () => {
    expect(newStoreId(new Date(Date.UTC(2026, 11, 2, 18, 4, 55, 123)))).toMatch(/^smoke-20261202T180455Z-[0-9a-f]{6}$/);
    expect(newStoreId()).not.toBe(newStoreId());
  });
});
