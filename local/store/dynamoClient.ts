/** One DynamoDB client for the local runtime: short timeouts so an unreachable store fails fast, not hangs. */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { Agent } from 'node:http';

/**
 * The SDK versions are pinned to ones that support Node 20 (package.json); its notice that later
 * versions will need Node 22 would otherwise print on every start. An explicit setting still wins.
 */
export function quietNodeVersionNotice(): void {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
}

export function createDynamoClient(endpoint: string): DynamoDBClient {
  quietNodeVersionNotice();
  const hasRealCredentials = Boolean(process.env.AWS_ACCESS_KEY_ID && process.env.AWS_SECRET_ACCESS_KEY);
  return new DynamoDBClient({
    endpoint,
    region: process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? 'us-east-1',
    // Local stores accept any credentials; real ones come from the environment when pointed at AWS.
    ...(hasRealCredentials ? {} : { credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }),
    // Two attempts of at most 5 s: a stalled store answers the client with an error in about 10 s.
    // A retried conditional put that had in fact landed is still a success (AppSync's identical-item rule).
    maxAttempts: 2,
    requestHandler: new NodeHttpHandler({
      connectionTimeout: 2_000,
      requestTimeout: 5_000,
      // Without this, @smithy/node-http-handler 4.x only logs a warning when requestTimeout passes
      // and a stalled store hangs the request forever (test/faults/slowStore.test.ts).
      throwOnRequestTimeout: true,
      httpAgent: new Agent({ keepAlive: true, maxSockets: 64 }),
    }),
  });
}
