/**
 * The local logs in AppSync's CloudWatch shapes (local/logging): the documented examples of the
 * "Log type reference" (https://docs.aws.amazon.com/appsync/latest/devguide/monitoring.html) give
 * the field names; resolvers run through the real executor and APPSYNC_JS runtime.
 */
import { describe, expect, it } from 'vitest';
import { apiKeyCaller } from '../../local/engine/caller.js';
import { noneDataSource } from '../../local/engine/dataSources/none.js';
import { Executor, type BoundResolver } from '../../local/engine/executor.js';
import { loadResolverSource } from '../../local/engine/runtime/loadResolver.js';
import { loadSchemas } from '../../local/apiSchema.js';
import { DOCUMENTED_FIELDS } from '../../local/logging/appsyncLogEntries.js';
import { readLogLevel, type LogLevel } from '../../local/logging/logLevel.js';
import { RequestLogger } from '../../local/logging/requestLogger.js';

/** The documented examples, verbatim (monitoring.html, "Log type reference"). */
const DOCUMENTED_EXAMPLES = {
  RequestSummary: {
    logType: 'RequestSummary',
    requestId: 'dbe87af3-c114-4b32-ae79-8af11f3f96f1',
    graphQLAPIId: 'pmo28inf75eepg63qxq4ekoeg4',
    statusCode: 200,
    latency: 242000000,
  },
  ExecutionSummary: {
    duration: 217406145,
    logType: 'ExecutionSummary',
    requestId: 'dbe87af3-c114-4b32-ae79-8af11f3f96f1',
    startTime: '2019-01-01T06:06:18.956Z',
    endTime: '2019-01-01T06:06:19.174Z',
    parsing: { startOffset: 49033, duration: 34784 },
    version: 1,
    validation: { startOffset: 129048, duration: 69126 },
    graphQLAPIId: 'pmo28inf75eepg63qxq4ekoeg4',
  },
  Tracing: {
    duration: 216820346,
    logType: 'Tracing',
    path: ['putItem'],
    fieldName: 'putItem',
    startOffset: 178156,
    resolverArn: 'arn:aws:appsync:us-east-1:111111111111:apis/pmo28inf75eepg63qxq4ekoeg4/types/Mutation/fields/putItem',
    requestId: 'dbe87af3-c114-4b32-ae79-8af11f3f96f1',
    parentType: 'Mutation',
    returnType: 'Item',
    graphQLAPIId: 'pmo28inf75eepg63qxq4ekoeg4',
  },
} as const;

const CREATE = `
import { util } from '@aws-appsync/utils';
export function request(ctx) {
  console.log('creating', ctx.args.input.order_id);
  ctx.stash.seen = true;
  if (ctx.args.input.order_id === 'bad') {
    util.error('order_id is bad', 'ValidationError');
  }
  return { payload: { ...ctx.args.input, timestamp: 'u1#1', created_at: null } };
}
export function response(ctx) {
  console.error('stored', ctx.result.order_id);
  return ctx.result;
}
`;
const MUTATION = 'mutation Create($input: CreateOrderInput!) { createOrder(input: $input) { order_id } }';
const input = (order_id: string) => ({ store_id: 's1', order_id, user_id: 'u1', grand_total: 1 });

/** An executor whose logs (resolver console lines included) land in `lines`. */
function logged(level: LogLevel): { executor: Executor; lines: string[] } {
  const lines: string[] = [];
  const logger = new RequestLogger(level, (line) => lines.push(line), 'local', true);
  const bound: BoundResolver = {
    typeName: 'Mutation',
    fieldName: 'createOrder',
    resolver: loadResolverSource(CREATE, 'Mutation.createOrder', { onLog: logger.consoleSink('Mutation.createOrder.js') }),
    dataSource: noneDataSource,
  };
  const executor = new Executor(loadSchemas(), [bound]);
  // As local/app.ts wires it: the logger observes through the engine's hook.
  if (level !== 'NONE') executor.hooks.onRequest.push((schema) => logger.begin(schema));
  return { executor, lines };
}

const json = (lines: string[]): Record<string, any>[] =>
  lines.filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, any>);

describe('LOG_LEVEL', () => {
  it("takes AppSync's field log level names; unset means one line per request", () => {
    expect(readLogLevel(undefined)).toEqual({ level: 'SUMMARY' });
    expect(readLogLevel('all')).toEqual({ level: 'ALL' });
    expect(readLogLevel('ERROR')).toEqual({ level: 'ERROR' });
    expect(readLogLevel('NONE')).toEqual({ level: 'NONE' });
    expect(readLogLevel('VERBOSE')).toEqual({ problem: expect.stringContaining('LOG_LEVEL must be one of NONE, ERROR, ALL') });
  });
});

describe('LOG_LEVEL=ALL: the entries AppSync sends to CloudWatch', () => {
  it('has exactly the documented field names for RequestSummary, ExecutionSummary and Tracing', async () => {
    const { executor, lines } = logged('ALL');
    await executor.execute({ query: MUTATION, variables: { input: input('o1') } }, apiKeyCaller({}));
    const byType = new Map(json(lines).map((e) => [e.logType as string, e]));
    for (const [logType, example] of Object.entries(DOCUMENTED_EXAMPLES)) {
      expect(Object.keys(byType.get(logType)!).sort(), logType).toEqual(Object.keys(example).sort());
      expect([...DOCUMENTED_FIELDS[logType as keyof typeof DOCUMENTED_EXAMPLES]].sort()).toEqual(Object.keys(example).sort());
    }
    const execution = byType.get('ExecutionSummary')!;
    expect(execution).toMatchObject({ version: 1, parsing: { startOffset: expect.any(Number), duration: expect.any(Number) } });
    expect(Number.isInteger(execution.duration) && Number.isInteger(byType.get('RequestSummary')!.latency)).toBe(true);
    expect(new Date(execution.endTime).getTime()).toBeGreaterThanOrEqual(new Date(execution.startTime).getTime());
    expect(byType.get('Tracing')).toMatchObject({
      path: ['createOrder'],
      fieldName: 'createOrder',
      parentType: 'Mutation',
      returnType: 'Order!',
      resolverArn: 'arn:aws:appsync:local:000000000000:apis/local/types/Mutation/resolvers/createOrder',
    });
    expect(byType.get('RequestSummary')).toMatchObject({ statusCode: 200 });
  });

  it('logs each handler: the context, the evaluated request, the data source answer and the result, in order, one request id', async () => {
    const { executor, lines } = logged('ALL');
    await executor.execute({ query: MUTATION, variables: { input: input('o1') } }, apiKeyCaller({}));
    const entries = json(lines);
    expect(entries.map((e) => e.logType)).toEqual(['RequestMapping', 'ResponseMapping', 'Tracing', 'ExecutionSummary', 'RequestSummary']);
    expect(new Set(entries.map((e) => e.requestId)).size).toBe(1);
    const [request, response] = entries;
    for (const entry of [request!, response!])
      expect(Object.keys(entry).sort()).toEqual([...DOCUMENTED_FIELDS[entry.logType as 'RequestMapping']].sort());
    expect(request).toMatchObject({
      fieldName: 'createOrder',
      parentType: 'Mutation',
      path: ['createOrder'],
      fieldInError: false,
      errors: [],
      context: { arguments: { input: input('o1') }, stash: { seen: true }, outErrors: [] },
    });
    expect(JSON.parse(request!.transformedTemplate as string)).toEqual({
      payload: { ...input('o1'), timestamp: 'u1#1', created_at: null },
    });
    expect(response!.context.result).toEqual({ ...input('o1'), timestamp: 'u1#1', created_at: null });
    expect(JSON.parse(response!.transformedTemplate as string)).toEqual(response!.context.result);
    // console lines: AppSync's text, tagged with the request id, before the handler's entry.
    const requestId = request!.requestId as string;
    expect(lines[0]).toBe(`${requestId} INFO - Mutation.createOrder.js:4:3: "creating" "o1"`);
    expect(lines[2]).toBe(`${requestId} ERROR - Mutation.createOrder.js:12:3: "stored" "o1"`);
  });
});

describe('LOG_LEVEL=ERROR: only fields in error', () => {
  it('writes no field entries for a field that resolved, the request-level summaries still', async () => {
    const { executor, lines } = logged('ERROR');
    await executor.execute({ query: MUTATION, variables: { input: input('o1') } }, apiKeyCaller({}));
    expect(json(lines).map((e) => e.logType)).toEqual(['ExecutionSummary', 'RequestSummary']);
    // console.error lines are ERROR-level; console.log lines are not written.
    expect(lines.filter((l) => !l.startsWith('{'))).toEqual([
      expect.stringMatching(/ ERROR - Mutation\.createOrder\.js:12:3: "stored" "o1"$/),
    ]);
  });

  it("writes the failing handler's entry with fieldInError and the error", async () => {
    const { executor, lines } = logged('ERROR');
    const res = await executor.execute({ query: MUTATION, variables: { input: input('bad') } }, apiKeyCaller({}));
    expect(res.errors?.[0]).toMatchObject({ message: 'order_id is bad', errorType: 'ValidationError' });
    const entries = json(lines);
    expect(entries.map((e) => e.logType)).toEqual(['RequestMapping', 'ExecutionSummary', 'RequestSummary']);
    expect(entries[0]).toMatchObject({ fieldInError: true, errors: ['order_id is bad'], context: { arguments: { input: input('bad') } } });
    expect(entries[0]).not.toHaveProperty('transformedTemplate');
  });
});

describe('default: one line per request', () => {
  it('says operation, fields, outcome and duration', async () => {
    const { executor, lines } = logged('SUMMARY');
    await executor.execute({ query: MUTATION, variables: { input: input('o1') } }, apiKeyCaller({}));
    await executor.execute({ query: MUTATION, variables: { input: input('bad') } }, apiKeyCaller({}));
    await executor.execute({ query: '{ nope }' }, apiKeyCaller({}));
    expect(lines.filter((l) => !l.includes(' - Mutation.createOrder.js:'))).toEqual([
      expect.stringMatching(/^mutation Create createOrder ok \d+\.\d ms$/),
      expect.stringMatching(/^mutation Create createOrder error ValidationError: order_id is bad \d+\.\d ms$/),
      // A GraphQL-level error has no errorType (AppSync's shape): the line says Error.
      expect.stringMatching(
        /^request - - error Error: Validation error of type FieldUndefined: Field 'nope' in type 'Query' is undefined @ 'nope' \d+\.\d ms$/,
      ),
    ]);
  });
});
