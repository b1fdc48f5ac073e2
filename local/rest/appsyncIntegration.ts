/**
 * The AWS integration to AppSync, in-process: the rendered request template is the HTTP body API
 * Gateway would POST to `/graphql`, signed with the shims' IAM role. So it runs as an AWS_IAM
 * caller, and a body AppSync would refuse gets AppSync's own error answer (for the response
 * template to map), never an exception.
 */
import { parseGraphQLRequest } from '../engine/graphqlRequest.js';
import type { Caller, IamIdentity } from '../engine/caller.js';
import type { AppSyncResponse, Executor } from '../engine/executor.js';
import { LOCAL_ACCOUNT_ID } from '../auth/iamCredentials.js';

/** The role API Gateway assumes for the integration (infra/lib/RestShims.ts), as AppSync sees it. */
export const REST_SHIMS_ROLE_NAME = 'OrdersRestShimsIntegrationRole';

/**
 * The shims' caller: AWS_IAM, so `util.authType()` is "IAM Authorization" and `ctx.identity` is
 * AppSync's IAM identity (accountId, cognitoIdentityPoolId, cognitoIdentityId, sourceIp, username,
 * userArn, cognitoIdentityAuthType, cognitoIdentityAuthProvider — "Context object reference",
 * https://docs.aws.amazon.com/appsync/latest/devguide/resolver-context-reference-js.html).
 */
const REST_SHIMS_IDENTITY: IamIdentity = {
  accountId: LOCAL_ACCOUNT_ID,
  cognitoIdentityPoolId: null,
  cognitoIdentityId: null,
  sourceIp: ['127.0.0.1'],
  username: `AROALOCALRESTSHIMS:local-apigateway`,
  userArn: `arn:aws:sts::${LOCAL_ACCOUNT_ID}:assumed-role/${REST_SHIMS_ROLE_NAME}/local-apigateway`,
  cognitoIdentityAuthType: null,
  cognitoIdentityAuthProvider: null,
};

export function restShimsCaller(headers: Record<string, string>): Caller {
  // The same identity every time: resolvers get their own copy of it (realmMembrane.ts).
  return {
    authType: 'AWS_IAM',
    identity: REST_SHIMS_IDENTITY,
    headers: { 'content-type': 'application/json', 'user-agent': 'AmazonAPIGateway_local', ...headers },
  };
}

export async function callAppSync(executor: Executor, integrationBody: string, headers: Record<string, string>): Promise<AppSyncResponse> {
  let raw: unknown;
  try {
    raw = JSON.parse(integrationBody);
  } catch {
    return malformed('The request body is not valid JSON');
  }
  const request = parseGraphQLRequest(raw);
  if (typeof request === 'string') return malformed(request);
  return executor.execute(request, restShimsCaller(headers));
}

function malformed(message: string): AppSyncResponse {
  return {
    data: null,
    errors: [{ errorType: 'MalformedHttpRequestException', message, data: null, errorInfo: null, path: null, locations: null }],
  };
}
