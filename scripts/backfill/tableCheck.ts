/**
 * Is this the seed's Orders table? DescribeTable, compared with definitions/ordersTable.ts: the
 * precondition for adopting a table (`-c existingTableName=`), which CloudFormation cannot check.
 * https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_DescribeTable.html
 */
import { DescribeTableCommand, type DynamoDBClient, type KeySchemaElement } from '@aws-sdk/client-dynamodb';
import { ordersTable } from '../../definitions/ordersTable.js';

export interface TableCheck {
  /** What makes the stack unable to serve from this table (empty: fine). */
  readonly problems: string[];
  /** What works but costs more, or needs attention. */
  readonly warnings: string[];
  /** DynamoDB's approximate item count (updated about every six hours). */
  readonly approximateItems: number;
}

const keysOf = (schema: KeySchemaElement[] | undefined): string => (schema ?? []).map((k) => `${k.AttributeName} ${k.KeyType}`).join(', ');

export async function checkOrdersTable(client: DynamoDBClient, tableName: string, indexName: string): Promise<TableCheck> {
  const { Table: table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
  const problems: string[] = [];
  const warnings: string[] = [];
  const wantKeys = `${ordersTable.partitionKey} HASH, ${ordersTable.sortKey} RANGE`;
  if (keysOf(table?.KeySchema) !== wantKeys) problems.push(`key schema is "${keysOf(table?.KeySchema)}", the stack needs "${wantKeys}"`);

  const wantIndexKeys = `${ordersTable.partitionKey} HASH, ${ordersTable.userTimeIndex.sortKey} RANGE`;
  const lsi = table?.LocalSecondaryIndexes?.find((i) => i.IndexName === indexName);
  if (lsi === undefined) {
    const gsi = table?.GlobalSecondaryIndexes?.some((i) => i.IndexName === indexName);
    problems.push(
      gsi
        ? `index "${indexName}" is a global secondary index: userOrders reads strongly consistent, which only a local secondary index allows (docs/migration.md, "Old table without the index")`
        : `no local secondary index "${indexName}" (docs/migration.md, "Old table without the index")`,
    );
  } else {
    if (keysOf(lsi.KeySchema) !== wantIndexKeys)
      problems.push(`index "${indexName}" keys are "${keysOf(lsi.KeySchema)}", the stack needs "${wantIndexKeys}"`);
    if (lsi.Projection?.ProjectionType !== 'ALL') {
      warnings.push(
        `index "${indexName}" projects ${lsi.Projection?.ProjectionType}: listing still works, but every item read fetches from the table as well`,
      );
    }
  }
  return { problems, warnings, approximateItems: table?.ItemCount ?? 0 };
}
