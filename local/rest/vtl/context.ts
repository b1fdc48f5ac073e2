/**
 * API Gateway's `$context` for one request, as its mapping-template reference lists it: ids, the
 * stage, the caller's identity, the request/response overrides a template may set, and the error
 * (for gateway responses). Local values stand in where only AWS knows them (account, API id).
 */
import { randomUUID } from 'node:crypto';
import { LOCAL_ACCOUNT_ID } from '../../auth/iamCredentials.js';

export interface RequestFacts {
  httpMethod: string;
  resourcePath: string;
  sourceIp: string;
  userAgent: string;
  apiKey: string;
  host: string;
}

export interface GatewayError {
  message: string;
  responseType: string;
  validationErrorString?: string;
}

export const LOCAL_STAGE = 'local';
export const LOCAL_API_ID = 'local';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const twoDigits = (n: number): string => (n < 10 ? `0${n}` : `${n}`);

/**
 * `$context.requestTime`: the CLF-formatted request time, `dd/MMM/yyyy:HH:mm:ss +-hhmm`, here always
 * in UTC (`+0000`) with English month abbreviations, e.g. `09/Apr/2015:12:34:56 +0000`. Built from
 * the UTC fields directly: no Intl, no locale.
 */
export function clfRequestTime(now: Date): string {
  const second = Math.floor(now.getTime() / 1000);
  // The text changes once a second: requests within one share it.
  if (second !== lastClf.second) lastClf = { second, text: clfText(now) };
  return lastClf.text;
}

let lastClf = { second: Number.NaN, text: '' };

function clfText(now: Date): string {
  return (
    `${twoDigits(now.getUTCDate())}/${MONTHS[now.getUTCMonth()]}/${now.getUTCFullYear()}:` +
    `${twoDigits(now.getUTCHours())}:${twoDigits(now.getUTCMinutes())}:${twoDigits(now.getUTCSeconds())} +0000`
  );
}

/** The host's first label (`abc` of `abc.execute-api...`), the whole host when it has no dot. */
function domainPrefix(host: string): string {
  const dot = host.indexOf('.');
  return dot === -1 ? host : host.slice(0, dot);
}

export function createContext(facts: RequestFacts, error?: GatewayError) {
  const now = new Date();
  const requestId = randomUUID();
  return {
    requestId,
    extendedRequestId: requestId,
    accountId: LOCAL_ACCOUNT_ID,
    apiId: LOCAL_API_ID,
    stage: LOCAL_STAGE,
    httpMethod: facts.httpMethod,
    resourcePath: facts.resourcePath,
    path: `/${LOCAL_STAGE}${facts.resourcePath}`,
    protocol: 'HTTP/1.1',
    domainName: facts.host,
    domainPrefix: domainPrefix(facts.host),
    // CLF as documented: https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-mapping-template-reference.html
    requestTime: clfRequestTime(now),
    requestTimeEpoch: now.getTime(),
    identity: {
      sourceIp: facts.sourceIp,
      userAgent: facts.userAgent,
      apiKey: facts.apiKey,
      apiKeyId: 'local-api-key',
      accountId: null,
      caller: null,
      user: null,
      userArn: null,
      cognitoIdentityId: null,
      cognitoIdentityPoolId: null,
      cognitoAuthenticationType: null,
      cognitoAuthenticationProvider: null,
    },
    requestOverride: {
      header: {} as Record<string, string>,
      querystring: {} as Record<string, string>,
      path: {} as Record<string, string>,
    },
    responseOverride: { status: undefined as number | string | undefined, header: {} as Record<string, string> },
    error: {
      message: error?.message ?? '',
      messageString: error ? JSON.stringify(error.message) : '""',
      responseType: error?.responseType ?? '',
      validationErrorString: error?.validationErrorString ?? '',
    },
  };
}

export type TemplateContext = ReturnType<typeof createContext>;
