/**
 * The local runtime's logs on stderr. Default: one line per GraphQL request (operation, root
 * fields, outcome, duration). LOG_LEVEL=ERROR|ALL: the JSON events AppSync sends to CloudWatch at
 * that field log level (appsyncLogEntries.ts), one per line; resolvers' console lines keep
 * AppSync's `<LEVEL> - <file>:<line>:<column>: <args>` text, prefixed with the request id as
 * CloudWatch tags each event. LOG_LEVEL=NONE: nothing. Nothing is measured when logging is off.
 */
import { randomUUID } from 'node:crypto';
import type { GraphQLResolveInfo, GraphQLSchema, OperationDefinitionNode } from 'graphql';
import { isObjectType } from 'graphql';
import { pathOf, type AppSyncResponse, type GraphQLRequest } from '../engine/executor.js';
import type { FieldObserver, RequestObserver, UnitResolverOutcome } from '../engine/hooks.js';
import type { BoundResolver } from '../engine/runUnitResolver.js';
import { formatLogLine, type LogSink, type ResolverLogEntry } from '../engine/runtime/consoleLogs.js';
import type { HandlerOutcome } from '../engine/runtime/instantiateResolver.js';
import { mappingEntry, resolverArn, type AppSyncLogEntry, type FieldIds, type RequestIds, type Span } from './appsyncLogEntries.js';
import type { LogLevel } from './logLevel.js';

export type LogWriter = (line: string) => void;

const toStderr: LogWriter = (line) => void process.stderr.write(`${line}\n`);

export class RequestLogger {
  constructor(
    readonly level: LogLevel,
    private readonly write: LogWriter = toStderr,
    /** The API id in every entry (AppSync's `graphQLAPIId`). */
    readonly graphQLAPIId = 'local',
    /** RESOLVER_LOGS=off (Settings.resolverLogs) silences console lines whatever the level. */
    private readonly consoleOn = true,
  ) {}

  /** A request starts (the engine's onRequest hook); `schema` is the schema as declared (Tracing's returnType). */
  begin(schema: GraphQLSchema): RequestTrace {
    return new RequestTrace(this.level, this.write, { requestId: randomUUID(), graphQLAPIId: this.graphQLAPIId }, schema, this.consoleOn);
  }

  /** Where a resolver's console lines go outside an observed field (`loadResolverSource`'s `onLog`); `fileName` as the runtime names the code. */
  consoleSink(fileName: string): LogSink {
    return (entry) => {
      if (this.level === 'NONE' || !this.consoleOn) return;
      if (this.level === 'ERROR' && entry.level !== 'ERROR') return;
      this.write(formatLogLine(entry, fileName));
    };
  }
}

export class RequestTrace implements RequestObserver {
  private readonly started = process.hrtime.bigint();
  private readonly startTime = new Date();
  private parse: Span = { startOffset: 0, duration: 0 };
  private op: OperationDefinitionNode | undefined;

  constructor(
    private readonly level: LogLevel,
    private readonly write: LogWriter,
    readonly ids: RequestIds,
    private readonly schema: GraphQLSchema,
    private readonly consoleOn: boolean,
  ) {}

  /** Nanoseconds since the request started. */
  offset(): number {
    return Number(process.hrtime.bigint() - this.started);
  }

  /** Times the parse-and-validate step (one step here: queryLimits.ts). */
  parsing<T>(run: () => T): T {
    const startOffset = this.offset();
    const result = run();
    this.parse = { startOffset, duration: this.offset() - startOffset };
    return result;
  }

  operation(operation: OperationDefinitionNode | undefined): void {
    this.op = operation;
  }

  /** The hook for one resolver field; none for the summary line. */
  field(bound: BoundResolver, info: GraphQLResolveInfo): FieldObserver | undefined {
    if (this.level === 'SUMMARY') return undefined;
    const parent = this.schema.getType(info.parentType.name);
    const declared = isObjectType(parent) ? parent.getFields()[info.fieldName]?.type : undefined;
    const ids: FieldIds = {
      ...this.ids,
      path: pathOf(info),
      fieldName: info.fieldName,
      parentType: info.parentType.name,
      resolverArn: resolverArn(this.ids.graphQLAPIId, bound.typeName, bound.fieldName),
    };
    const fileName = `${bound.resolver.name}.js`;
    return new FieldTrace(
      this,
      ids,
      String(declared ?? info.returnType),
      this.level === 'ALL',
      this.write,
      this.consoleOn ? fileName : undefined,
    );
  }

  end(request: GraphQLRequest, response: AppSyncResponse): void {
    const duration = this.offset();
    if (this.level === 'SUMMARY') return this.write(summaryLine(this.op, request, response, duration));
    const execution: AppSyncLogEntry = {
      logType: 'ExecutionSummary',
      ...this.ids,
      startTime: this.startTime.toISOString(),
      endTime: new Date(this.startTime.getTime() + Math.round(duration / 1e6)).toISOString(),
      duration,
      version: 1,
      parsing: this.parse,
      // Validation runs inside the parse step here; its own span starts where that one ends.
      validation: { startOffset: this.parse.startOffset + this.parse.duration, duration: 0 },
    };
    this.write(JSON.stringify(execution));
    this.write(
      JSON.stringify({ logType: 'RequestSummary', ...this.ids, statusCode: 200, latency: this.offset() } satisfies AppSyncLogEntry),
    );
  }
}

/** One resolver field's entries, kept until the field is done: ERROR writes them only for a field in error. */
class FieldTrace implements FieldObserver {
  private readonly startOffset: number;
  private readonly lines: { text: string; mapping: boolean }[] = [];

  constructor(
    private readonly trace: RequestTrace,
    private readonly ids: FieldIds,
    private readonly returnType: string,
    private readonly all: boolean,
    private readonly write: LogWriter,
    /** The code's name in console lines (`Query.userOrders.js`); undefined: console lines are off. */
    private readonly fileName: string | undefined,
  ) {
    this.startOffset = trace.offset();
  }

  /** ERROR keeps console.error lines only; ALL keeps every line. */
  console(entry: ResolverLogEntry): void {
    if (this.fileName === undefined || (!this.all && entry.level !== 'ERROR')) return;
    this.lines.push({ text: `${this.ids.requestId} ${formatLogLine(entry, this.fileName)}`, mapping: false });
  }

  handled(handler: 'request' | 'response', ctx: Record<string, unknown>, outcome: HandlerOutcome): void {
    const appended = outcome.state.appendedErrors;
    const ended =
      outcome.kind === 'error'
        ? { kind: 'error' as const, error: outcome.error, appended }
        : { kind: outcome.kind, value: outcome.value, appended };
    this.lines.push({ text: safeJson(mappingEntry(this.ids, handler, ctx, ended)), mapping: true });
  }

  done(outcome: UnitResolverOutcome): void {
    const inError = outcome.kind === 'error' || outcome.appended.length > 0;
    // ERROR: console.error lines always (only those reach here), mapping entries of fields in error.
    for (const line of this.lines) if (this.all || inError || !line.mapping) this.write(line.text);
    if (!this.all) return;
    const duration = this.trace.offset() - this.startOffset;
    this.write(
      JSON.stringify({
        logType: 'Tracing',
        ...this.ids,
        returnType: this.returnType,
        startOffset: this.startOffset,
        duration,
      } satisfies AppSyncLogEntry),
    );
  }
}

/** `query List userOrders ok 3.1 ms` / `mutation Create createOrder error ValidationError: … 1.0 ms`. */
export function summaryLine(
  operation: OperationDefinitionNode | undefined,
  request: GraphQLRequest,
  response: AppSyncResponse,
  durationNs: number,
): string {
  const kind = operation?.operation ?? 'request';
  const name = operation?.name?.value ?? request.operationName ?? '-';
  const fields = operation?.selectionSet.selections.flatMap((s) => (s.kind === 'Field' ? [s.name.value] : [])).join(',') || '-';
  const first = response.errors?.[0];
  const more = (response.errors?.length ?? 0) > 1 ? ` (+${response.errors!.length - 1} more)` : '';
  const errorType = first && 'errorType' in first ? first.errorType : null;
  const outcome = first ? `error ${errorType ?? 'Error'}: ${first.message}${more}` : 'ok';
  return `${kind} ${name} ${fields} ${outcome} ${(durationNs / 1e6).toFixed(1)} ms`;
}

/** Resolver values are JSON already; anything else must not break the request over a log line. */
function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value);
  } catch (error) {
    return JSON.stringify({ logType: 'LogError', message: `unserialisable log entry: ${(error as Error).message}` });
  }
}
