/** Per-worker setup of `vitest.dynamodb-local.config.ts`: every server a test starts uses DynamoDB Local. */
import { inject } from 'vitest';

process.env.TEST_DYNAMODB_ENDPOINT = inject('dynamodbEndpoint');
