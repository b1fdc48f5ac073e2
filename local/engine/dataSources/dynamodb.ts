/**
 * The DynamoDB data source: AppSync request objects (`{operation: 'PutItem', key,
 * attributeValues, condition}`, `Query`, ...) turned into real DynamoDB calls with the AWS SDK v3.
 * Results come back as AppSync gives them to `ctx.result`: plain JSON items, `{items, nextToken,
 * scannedCount}` for queries. Failures become `{message, type: 'DynamoDB:<Exception>'}` for
 * `ctx.error`, never an exception.
 */
import {
  ConditionalCheckFailedException,
  DeleteItemCommand,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  UpdateItemCommand,
  type AttributeValue,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { isDeepStrictEqual } from 'node:util';
import { toSdkMap } from './attributeValues.js';
import type { DataSource } from './dataSource.js';
import { PageTokenError, type PageTokens } from './pageToken.js';

type Item = Record<string, AttributeValue>;

interface Expression {
  expression: string;
  expressionNames?: Record<string, string>;
  expressionValues?: Item;
}

/** A write's condition; `equalsIgnore` names attributes the identical-item rule does not compare. */
interface Condition extends Expression {
  equalsIgnore?: string[];
}

/** The subset of AppSync's DynamoDB request objects this data source serves. */
export type DynamoDBRequest =
  | { operation: 'GetItem'; key: Item; consistentRead?: boolean; projection?: Expression }
  | { operation: 'PutItem'; key: Item; attributeValues?: Item; condition?: Condition }
  | { operation: 'DeleteItem'; key: Item; condition?: Condition }
  | { operation: 'UpdateItem'; key: Item; update: Expression; condition?: Expression }
  | {
      operation: 'Query';
      query: Expression;
      index?: string;
      limit?: number;
      nextToken?: string;
      scanIndexForward?: boolean;
      consistentRead?: boolean;
      filter?: Expression;
      select?: 'ALL_ATTRIBUTES' | 'ALL_PROJECTED_ATTRIBUTES' | 'SPECIFIC_ATTRIBUTES';
      projection?: Expression;
    };

export type DynamoDBDataSource = DataSource;

export function createDynamoDBDataSource(client: DynamoDBClient, tableName: string, tokens: PageTokens): DynamoDBDataSource {
  const names = (...exprs: (Expression | undefined)[]): Record<string, string> | undefined => {
    const merged = Object.assign({}, ...exprs.map((e) => e?.expressionNames ?? {})) as Record<string, string>;
    return Object.keys(merged).length > 0 ? merged : undefined;
  };
  const values = (...exprs: (Expression | undefined)[]): Item | undefined => {
    const merged = toSdkMap(Object.assign({}, ...exprs.map((e) => e?.expressionValues ?? {})));
    return Object.keys(merged).length > 0 ? merged : undefined;
  };
  const plain = (item: Item | undefined): Record<string, unknown> | null => (item ? unmarshall(item) : null);

  const conditionParams = (condition: Expression | undefined) => ({
    ConditionExpression: condition?.expression,
    ExpressionAttributeNames: names(condition),
    ExpressionAttributeValues: values(condition),
  });

  /**
   * AppSync's rule: a write whose condition fails on an item that already equals the desired one
   * (`null`: no item), apart from the condition's `equalsIgnore` attributes, counts as a success;
   * any other failed condition stands.
   * https://docs.aws.amazon.com/appsync/latest/devguide/js-aws-appsync-resolver-reference-dynamodb-condition-expressions.html
   */
  async function conditionalWrite<T>(
    key: Item,
    desired: Item | null,
    condition: Condition | undefined,
    write: () => Promise<T>,
    onIdentical: T,
  ): Promise<T> {
    try {
      return await write();
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      const current = await client.send(new GetItemCommand({ TableName: tableName, Key: key, ConsistentRead: true }));
      const ignored = condition?.equalsIgnore ?? [];
      if (!isDeepStrictEqual(comparable(plain(current.Item), ignored), comparable(desired ? plain(desired) : null, ignored))) throw error;
      return onIdentical;
    }
  }

  async function run(loose: DynamoDBRequest): Promise<unknown> {
    const request = withSdkKeys(loose);
    switch (request.operation) {
      case 'GetItem': {
        const out = await client.send(
          new GetItemCommand({
            TableName: tableName,
            Key: request.key,
            ConsistentRead: request.consistentRead,
            ProjectionExpression: request.projection?.expression,
            ExpressionAttributeNames: names(request.projection),
          }),
        );
        return plain(out.Item);
      }
      case 'PutItem': {
        const item = { ...request.attributeValues, ...request.key };
        const write = () => client.send(new PutItemCommand({ TableName: tableName, Item: item, ...conditionParams(request.condition) }));
        await conditionalWrite(request.key, item, request.condition, write, undefined);
        return plain(item);
      }
      case 'DeleteItem': {
        const write = async () => {
          const input = { TableName: tableName, Key: request.key, ReturnValues: 'ALL_OLD' as const, ...conditionParams(request.condition) };
          return plain((await client.send(new DeleteItemCommand(input))).Attributes);
        };
        return conditionalWrite(request.key, null, request.condition, write, null);
      }
      case 'UpdateItem': {
        const out = await client.send(
          new UpdateItemCommand({
            TableName: tableName,
            Key: request.key,
            UpdateExpression: request.update.expression,
            ConditionExpression: request.condition?.expression,
            ExpressionAttributeNames: names(request.update, request.condition),
            ExpressionAttributeValues: values(request.update, request.condition),
            ReturnValues: 'ALL_NEW',
          }),
        );
        return plain(out.Attributes);
      }
      case 'Query': {
        // The token is bound to everything that defines "this list": a token from another
        // user's (or store's, or index's) list does not verify.
        const binding = [tableName, request.index ?? null, request.query.expression, request.query.expressionValues ?? null];
        const out = await client.send(
          new QueryCommand({
            TableName: tableName,
            IndexName: request.index,
            KeyConditionExpression: request.query.expression,
            FilterExpression: request.filter?.expression,
            ProjectionExpression: request.projection?.expression,
            ExpressionAttributeNames: names(request.query, request.filter, request.projection),
            ExpressionAttributeValues: values(request.query, request.filter),
            Limit: request.limit,
            ScanIndexForward: request.scanIndexForward,
            ConsistentRead: request.consistentRead,
            Select: request.select,
            ExclusiveStartKey: request.nextToken ? tokens.decode(request.nextToken, binding) : undefined,
          }),
        );
        return {
          items: (out.Items ?? []).map((item) => unmarshall(item)),
          nextToken: out.LastEvaluatedKey ? tokens.encode(out.LastEvaluatedKey, binding) : null,
          scannedCount: out.ScannedCount ?? 0,
        };
      }
      default:
        throw new UnsupportedOperation(
          `The local DynamoDB data source does not support operation '${(request as { operation?: unknown }).operation}'`,
        );
    }
  }

  return {
    async invoke(request) {
      try {
        return { result: await run(request as DynamoDBRequest) };
      } catch (error) {
        return { error: toAppSyncError(error) };
      }
    },
  };
}

class UnsupportedOperation extends Error {}

/** Keys and items in the DynamoDB API's own typing (see attributeValues.ts). */
function withSdkKeys<R extends DynamoDBRequest>(request: R): R {
  const out: Record<string, unknown> = { ...request };
  if ('key' in request) out.key = toSdkMap(request.key);
  if ('attributeValues' in request) out.attributeValues = toSdkMap(request.attributeValues);
  return out as R;
}

/** An item without the attributes `equalsIgnore` names. */
function comparable(item: Record<string, unknown> | null, ignored: string[]): Record<string, unknown> | null {
  if (item === null || ignored.length === 0) return item;
  return Object.fromEntries(Object.entries(item).filter(([name]) => !ignored.includes(name)));
}

/**
 * AppSync's shape for data source errors: `type` is `DynamoDB:<ExceptionName>` and `message` is
 * DynamoDB's text as AppSync's (AWS SDK for Java v2) client words it, e.g.
 * `The conditional request failed (Service: DynamoDb, Status Code: 400, Request ID: …)`, for every
 * DynamoDB service exception. Resolvers that promise clients a fixed text map `type` to it.
 */
export function toAppSyncError(error: unknown): { message: string; type: string } {
  if (error instanceof PageTokenError) return { message: error.message, type: 'ValidationError' };
  if (error instanceof UnsupportedOperation) return { message: error.message, type: 'MappingTemplate' };
  if (error instanceof Error) {
    if (isServiceException(error)) {
      const { httpStatusCode, requestId } = error.$metadata;
      const message = `${error.message} (Service: DynamoDb, Status Code: ${httpStatusCode ?? 400}, Request ID: ${requestId ?? 'null'})`;
      return { message, type: `DynamoDB:${error.name}` };
    }
    return { message: `The DynamoDB store could not be reached: ${error.message}`, type: 'DynamoDB:ServiceUnavailableException' };
  }
  return { message: String(error), type: 'DynamoDB:UnknownError' };
}

/** An exception DynamoDB answered with (the SDK's ServiceException), as opposed to a network failure. */
function isServiceException(error: Error): error is Error & { $metadata: { httpStatusCode?: number; requestId?: string } } {
  return '$metadata' in error && '$fault' in error && typeof error.$metadata === 'object' && error.$metadata !== null;
}
