/**
 * A data source error (`ctx.error`) raised for the client, in the APPSYNC_JS subset.
 * AppSync words DynamoDB's errors as its Java client does — `The conditional request failed
 * (Service: DynamoDb, Status Code: 400, Request ID: …)` — so the contract's fixed texts are set
 * here from the error type, and other messages lose the request-id suffix; the type is kept.
 */
import { util } from '@aws-appsync/utils';

export const CONDITIONAL_CHECK_FAILED = 'DynamoDB:ConditionalCheckFailedException';
export const CONDITIONAL_CHECK_FAILED_MESSAGE = 'The conditional request failed';

/** `message` without AppSync's ` (Service: DynamoDb, Status Code: …, Request ID: …)` suffix. */
export function withoutServiceSuffix(message: string): string {
  const at = message.lastIndexOf(' (Service: ');
  return at < 0 ? message : message.slice(0, at);
}

export function raiseDataSourceError(error: { message: string; type: string }): never {
  if (error.type === CONDITIONAL_CHECK_FAILED) {
    util.error(CONDITIONAL_CHECK_FAILED_MESSAGE, error.type);
  }
  return util.error(withoutServiceSuffix(error.message), error.type);
}
