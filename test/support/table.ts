/**
 * Reads the server's table directly with @aws-sdk/lib-dynamodb, to prove what was (not) written:
 * over the embedded store's Unix socket, or the external DYNAMODB_ENDPOINT.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { storeConnection } from '../../local/store/dynamoClient.js';
import { afterAll, beforeAll } from 'vitest';
import { startLocalServer, type LocalServer, type StartOptions } from '../../harness/localServer.js';

export interface TableReader {
  get(store_id: string, order_id: string): Promise<Record<string, unknown> | undefined>;
  /** Every item of a store, by the table's own key (no index). */
  storeItems(store_id: string): Promise<Record<string, unknown>[]>;
  close(): void;
}

export function tableReader(server: Pick<LocalServer, 'storeEndpoint' | 'tableName'>): TableReader {
  const client = DynamoDBDocumentClient.from(
    new DynamoDBClient({
      ...storeConnection(server.storeEndpoint),
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    }),
  );
  return {
    async get(store_id, order_id) {
      const out = await client.send(new GetCommand({ TableName: server.tableName, Key: { store_id, order_id }, ConsistentRead: true }));
      return out.Item;
    },
    async storeItems(store_id) {
      const items: Record<string, unknown>[] = [];
      let start: Record<string, unknown> | undefined;
      do {
        const out = await client.send(
          new QueryCommand({
            TableName: server.tableName,
            KeyConditionExpression: 'store_id = :s',
            ExpressionAttributeValues: { ':s': store_id },
            ConsistentRead: true,
            ExclusiveStartKey: start,
          }),
        );
        items.push(...(out.Items ?? []));
        start = out.LastEvaluatedKey;
      } while (start);
      return items;
    },
    close: () => client.destroy(),
  };
}

/**
 * One server (started as `npm start` does) and a reader of its table for a whole test file:
 * started before the first test, stopped after the last. `use` receives both once they are up.
 */
export function withServerAndTable(use: (server: LocalServer, table: TableReader) => void, options?: StartOptions): void {
  let server: LocalServer | undefined;
  let table: TableReader | undefined;
  beforeAll(async () => {
    server = await startLocalServer(options);
    table = tableReader(server);
    use(server, table);
  });
  afterAll(async () => {
    table?.close();
    await server?.stop();
  });
}
