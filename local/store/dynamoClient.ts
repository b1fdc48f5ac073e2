/**
 * The DynamoDB client for an external store (DYNAMODB_ENDPOINT): short timeouts so an unreachable
 * store fails fast, not hangs. Also how tools reach the embedded store on its Unix socket.
 */
import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { Agent } from 'node:http';
import { connect } from 'node:net';
import { quietNodeVersionNotice } from '../sdkNotice.js';

/**
 * Where an SDK client sends its requests: an http(s) endpoint, or the embedded store's Unix socket
 * (a path, as the ready line prints it after `store embedded`), reached by an agent whose every
 * connection opens that socket.
 */
export function storeConnection(
  endpoint: string,
  agentOptions: { maxSockets?: number } = {},
): Pick<DynamoDBClientConfig, 'endpoint' | 'requestHandler'> {
  if (/^https?:\/\//.test(endpoint)) return { endpoint };
  const httpAgent = new Agent({ keepAlive: true, ...agentOptions });
  httpAgent.createConnection = () => connect(endpoint);
  return { endpoint: 'http://localhost', requestHandler: new NodeHttpHandler({ httpAgent }) };
}

export interface StoreClientOptions {
  region: string;
  /** Use the SDK's credentials from the environment (an AWS endpoint); otherwise fixed local ones (local stores accept any). */
  environmentCredentials: boolean;
}

export function createDynamoClient(
  endpoint: string,
  { region, environmentCredentials }: StoreClientOptions = { region: 'us-east-1', environmentCredentials: false },
): DynamoDBClient {
  quietNodeVersionNotice();
  return new DynamoDBClient({
    endpoint,
    region,
    ...(environmentCredentials ? {} : { credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }),
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
