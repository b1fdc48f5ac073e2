/**
 * The DynamoDBClient the runtime uses for the embedded store. Same interface as for an external
 * store (the data source cannot tell), but none of the work only a remote DynamoDB needs:
 *
 * - The data-plane calls (GetItem, PutItem, DeleteItem, UpdateItem, Query, Scan) skip the SDK's
 *   middleware (endpoint rules, SigV4 signing, retries, HTTP): the command's input is written as the
 *   DynamoDB API's JSON body, handed to the store's worker, and the store's JSON answer is read back
 *   into the SDK's own output and exception shapes (the exported exception classes, `$metadata`,
 *   `$fault`), as the SDK's JSON 1.0 protocol does.
 * - Every other command (CreateTable, DescribeTable, waiters) takes the full SDK path, through a
 *   request handler that posts the serialized request to the same worker instead of a socket.
 *
 * One attempt per call: a retry buys nothing in-process, and a store that does not answer is
 * reported at once as unreachable (embeddedStore.ts bounds each call).
 */
import * as dynamodb from '@aws-sdk/client-dynamodb';
import { DynamoDBClient, DynamoDBServiceException, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import type { EmbeddedStore, StoreReply } from './embeddedStore.js';
import { quietNodeVersionNotice } from '../sdkNotice.js';

/** The commands served without the SDK's middleware, by their DynamoDB operation name. */
const DIRECT = new Map<unknown, string>([
  [dynamodb.GetItemCommand, 'GetItem'],
  [dynamodb.PutItemCommand, 'PutItem'],
  [dynamodb.DeleteItemCommand, 'DeleteItem'],
  [dynamodb.UpdateItemCommand, 'UpdateItem'],
  [dynamodb.QueryCommand, 'Query'],
  [dynamodb.ScanCommand, 'Scan'],
]);

/** Output members that hold attribute-value maps (a map or a list of maps). */
const ITEM_MEMBERS = ['Item', 'Attributes', 'Items', 'LastEvaluatedKey'] as const;

export function createEmbeddedDynamoClient(store: EmbeddedStore): DynamoDBClient {
  quietNodeVersionNotice();
  const client = new DynamoDBClient({
    endpoint: 'http://embedded.store',
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
    requestHandler: workerRequestHandler(store),
  });
  const viaSdk = client.send.bind(client) as (...args: unknown[]) => Promise<unknown>;
  const direct = async (operation: string, input: object): Promise<unknown> => {
    // A replacer slows JSON.stringify down for every key: only inputs that hold bytes take it.
    const reply = await store.call(operation, hasBinary(input) ? JSON.stringify(input, binaryAsBase64) : JSON.stringify(input));
    const data = JSON.parse(reply.body) as Record<string, unknown>;
    const $metadata = { httpStatusCode: reply.status, requestId: reply.requestId || undefined, attempts: 1, totalRetryDelay: 0 };
    if (reply.status !== 200) throw serviceException(reply, data, $metadata);
    if (reply.body.includes('"B":') || reply.body.includes('"BS":'))
      for (const member of ITEM_MEMBERS) data[member] = binaryFromBase64(data[member]);
    return { $metadata, ...data };
  };
  // The data source calls client.send(command): the direct path for the data-plane commands, the SDK for the rest.
  client.send = ((command: { input: object }, ...rest: unknown[]) => {
    const operation = DIRECT.get(command.constructor);
    return operation && rest.length === 0 ? direct(operation, command.input) : viaSdk(command, ...rest);
  }) as DynamoDBClient['send'];
  return client;
}

/** The SDK path's transport: the serialized request goes to the worker, the reply comes back as an HTTP response. */
function workerRequestHandler(store: EmbeddedStore): NonNullable<DynamoDBClientConfig['requestHandler']> {
  return {
    async handle(request: { headers: Record<string, string>; body?: string | Uint8Array }) {
      const operation = String(request.headers['x-amz-target'] ?? '').split('.')[1] ?? '';
      const { body = '' } = request;
      const text = typeof body === 'string' ? body : Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8');
      const reply: StoreReply = await store.call(operation, text);
      const headers = { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': reply.requestId };
      // The shape HttpResponse.isInstance accepts; the SDK collects a Uint8Array body as is.
      return { response: { statusCode: reply.status, headers, body: Buffer.from(reply.body) } };
    },
    updateHttpClientConfig() {},
    httpHandlerConfigs: () => ({}),
  };
}

/**
 * The SDK's reading of a JSON 1.0 error: the code is `__type` after its namespace `#` (and before any
 * `:`), the message `message` or `Message`; a modelled error is its exported class, any other the
 * service's base exception with that name, `$fault` by status.
 */
function serviceException(reply: StoreReply, data: Record<string, unknown>, $metadata: object): DynamoDBServiceException {
  const code = String(data.__type ?? 'Unknown')
    .split(':')[0]!
    .split('#')
    .pop()!;
  const message = String(data.message ?? data.Message ?? 'UnknownError');
  const Modelled = (dynamodb as Record<string, unknown>)[code];
  if (typeof Modelled === 'function' && Modelled.prototype instanceof DynamoDBServiceException) {
    const { __type: _type, message: _m, Message: _M, ...fields } = data;
    if ('Item' in fields) fields.Item = binaryFromBase64(fields.Item);
    return Object.assign(new (Modelled as new (o: object) => DynamoDBServiceException)({ message, $metadata }), fields);
  }
  return new DynamoDBServiceException({ name: code, $fault: reply.status < 500 ? 'client' : 'server', message, $metadata });
}

/** Whether a command input holds bytes anywhere (B / BS attribute values). */
function hasBinary(value: unknown): boolean {
  if (value === null || typeof value !== 'object') return false;
  if (value instanceof Uint8Array) return true;
  if (Array.isArray(value)) return value.some(hasBinary);
  for (const key in value) if (hasBinary((value as Record<string, unknown>)[key])) return true;
  return false;
}

/** JSON.stringify replacer: binary attribute values travel as base64, as the DynamoDB API wants. */
function binaryAsBase64(this: Record<string, unknown>, key: string, value: unknown): unknown {
  const raw = this[key];
  return raw instanceof Uint8Array ? Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString('base64') : value;
}

/** Reads B / BS back as bytes, deeply, in an item, a list of items or an attribute value. */
function binaryFromBase64(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(binaryFromBase64);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (k === 'B' && typeof v === 'string') out[k] = new Uint8Array(Buffer.from(v, 'base64'));
    else if (k === 'BS' && Array.isArray(v)) out[k] = v.map((b) => new Uint8Array(Buffer.from(String(b), 'base64')));
    else out[k] = binaryFromBase64(v);
  }
  return out;
}
