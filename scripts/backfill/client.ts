/**
 * The backfill's DynamoDB client: AWS itself (credentials and region from the usual environment
 * or profile), or a local store given by URL or by the embedded store's Unix socket path.
 * Adaptive retries slow the client down by themselves when DynamoDB throttles it.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { quietNodeVersionNotice } from '../../local/sdkNotice.js';
import { storeConnection } from '../../local/store/dynamoClient.js';

export function backfillClient(endpoint: string | undefined): DynamoDBDocumentClient {
  quietNodeVersionNotice();
  const hasCredentials = Boolean(process.env.AWS_ACCESS_KEY_ID && process.env.AWS_SECRET_ACCESS_KEY) || Boolean(process.env.AWS_PROFILE);
  const region = process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION;
  return DynamoDBDocumentClient.from(
    new DynamoDBClient({
      retryMode: 'adaptive',
      maxAttempts: 10,
      ...(endpoint !== undefined ? storeConnection(endpoint) : {}),
      // Local stores take any credentials and region; AWS gets the real ones from the environment.
      ...(endpoint !== undefined ? { region: region ?? 'us-east-1' } : region ? { region } : {}),
      ...(endpoint !== undefined && !hasCredentials ? { credentials: { accessKeyId: 'local', secretAccessKey: 'local' } } : {}),
    }),
  );
}
