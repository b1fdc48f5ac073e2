/**
 * The JSON log events AppSync writes to CloudWatch, with its field names, so a CloudWatch Logs
 * Insights query written against AppSync's log group runs unchanged on this server's stderr.
 * Documented shapes ("Log type reference", https://docs.aws.amazon.com/appsync/latest/devguide/monitoring.html):
 * - RequestSummary: requestId, graphQLAPIId, statusCode, latency (ns);
 * - ExecutionSummary: requestId, graphQLAPIId, startTime, endTime (RFC 3339), duration (ns),
 *   version, parsing and validation {startOffset, duration} (ns);
 * - Tracing: requestId, graphQLAPIId, startOffset, duration (ns), fieldName, parentType,
 *   returnType, path, resolverArn.
 * RequestMapping / ResponseMapping are the field-level entries the same page's sample queries
 * filter on (`logType = "RequestMapping" or logType = "ResponseMapping"` with `fieldInError`,
 * `resolverArn`); their body — `context` (arguments, source, result, error, stash, outErrors:
 * https://github.com/aws-amplify/amplify-cli/issues/622 shows one) and `transformedTemplate`, the
 * evaluated handler output as text — is what the verbose ("Include verbose content") log holds.
 */
import type { AppendedError, ResolverError } from '../engine/runtime/errors.js';

/** Ids shared by every entry of one request. */
export interface RequestIds {
  requestId: string;
  graphQLAPIId: string;
}

export interface RequestSummary extends RequestIds {
  logType: 'RequestSummary';
  statusCode: number;
  latency: number;
}

export interface Span {
  startOffset: number;
  duration: number;
}

export interface ExecutionSummary extends RequestIds {
  logType: 'ExecutionSummary';
  startTime: string;
  endTime: string;
  duration: number;
  version: 1;
  parsing: Span;
  validation: Span;
}

export interface FieldIds extends RequestIds {
  path: (string | number)[];
  fieldName: string;
  parentType: string;
  resolverArn: string;
}

export interface Tracing extends FieldIds, Span {
  logType: 'Tracing';
  returnType: string;
}

export interface MappingEntry extends FieldIds {
  logType: 'RequestMapping' | 'ResponseMapping';
  fieldInError: boolean;
  errors: string[];
  context: Record<string, unknown>;
  transformedTemplate?: string;
}

export type AppSyncLogEntry = RequestSummary | ExecutionSummary | Tracing | MappingEntry;

/** RequestMapping and ResponseMapping entries are documented with the same fields. */
const MAPPING_FIELDS = [
  'logType',
  'requestId',
  'graphQLAPIId',
  'path',
  'fieldName',
  'parentType',
  'resolverArn',
  'fieldInError',
  'errors',
  'context',
  'transformedTemplate',
];

/** The documented field names of each log type (tests compare against these). */
export const DOCUMENTED_FIELDS: Record<AppSyncLogEntry['logType'], readonly string[]> = {
  RequestSummary: ['logType', 'requestId', 'graphQLAPIId', 'statusCode', 'latency'],
  ExecutionSummary: ['logType', 'requestId', 'graphQLAPIId', 'startTime', 'endTime', 'duration', 'version', 'parsing', 'validation'],
  Tracing: [
    'logType',
    'requestId',
    'graphQLAPIId',
    'startOffset',
    'duration',
    'fieldName',
    'parentType',
    'returnType',
    'path',
    'resolverArn',
  ],
  RequestMapping: MAPPING_FIELDS,
  ResponseMapping: MAPPING_FIELDS,
};

/** A resolver's ARN as AppSync's GetResolver gives it (API_Resolver.html: `…:apis/<id>/types/<type>/resolvers/<field>`). */
export function resolverArn(graphQLAPIId: string, typeName: string, fieldName: string): string {
  return `arn:aws:appsync:local:000000000000:apis/${graphQLAPIId}/types/${typeName}/resolvers/${fieldName}`;
}

/** The handler's ctx as the verbose log shows it: what the resolver read and wrote, nothing of the runtime. */
export function loggedContext(ctx: Record<string, unknown>, outErrors: readonly AppendedError[]): Record<string, unknown> {
  const logged: Record<string, unknown> = { arguments: ctx.arguments };
  if (ctx.identity !== null && ctx.identity !== undefined) logged.identity = ctx.identity;
  if (ctx.source !== null && ctx.source !== undefined) logged.source = ctx.source;
  if (ctx.result !== undefined) logged.result = ctx.result;
  if (ctx.error !== undefined) logged.error = ctx.error;
  logged.stash = ctx.stash;
  logged.outErrors = outErrors.map((e) => ({ message: e.message, errorType: e.errorType, data: e.data, errorInfo: e.errorInfo }));
  return logged;
}

/** A handler's entry: its evaluated output as text, or the error that ended the field. */
export function mappingEntry(
  field: FieldIds,
  handler: 'request' | 'response',
  ctx: Record<string, unknown>,
  outcome:
    | { kind: 'value' | 'earlyReturn'; value: unknown; appended: readonly AppendedError[] }
    | { kind: 'error'; error: ResolverError; appended: readonly AppendedError[] },
): MappingEntry {
  const errors = [...(outcome.kind === 'error' ? [outcome.error.message] : []), ...outcome.appended.map((e) => e.message)];
  const entry: MappingEntry = {
    logType: handler === 'request' ? 'RequestMapping' : 'ResponseMapping',
    ...field,
    fieldInError: errors.length > 0,
    errors,
    context: loggedContext(ctx, outcome.appended),
  };
  if (outcome.kind !== 'error') entry.transformedTemplate = JSON.stringify(outcome.value ?? null);
  return entry;
}
