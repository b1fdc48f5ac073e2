/**
 * Verifies a SigV4-signed request for real, as AWS does before AppSync sees it
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html):
 * the `Authorization` header's parts, every SignedHeader present (with `host` among them),
 * `x-amz-date` within 5 minutes of now, the credential scope (date, region, service `appsync`),
 * the access key known, then the signature recomputed with the secret over the request's method,
 * path, query, signed headers and body — by @smithy/signature-v4, the AWS SDK's own signer, so the
 * canonical request is AWS's. On a mismatch the message carries the canonical request and the
 * string to sign, as AWS's does, which is what one needs to find a client's signing bug.
 *
 * Wordings, from AWS's answers quoted in client issues (no AWS page lists them):
 * - "The request signature we calculated does not match …", with "The Canonical String for this
 *   request should have been" (HTTP 403, InvalidSignatureException: aws-amplify/amplify-js#2422;
 *   text: awslabs/aws-mobile-appsync-sdk-js#750);
 * - "Signature expired: X is now earlier than Y (Z - 5 min.)", AppSync's 5-minute window (HTTP 403:
 *   awslabs/aws-mobile-appsync-sdk-js#385);
 * - "'accept' is named as a SignedHeader, but it does not exist in the HTTP request."
 *   (IncompleteSignatureException: awslabs/aws-mobile-appsync-sdk-js#702);
 * - an unknown key: UnrecognizedClientException, "The security token included in the request is
 *   invalid." (403; the common errors list it as InvalidClientTokenId, e.g.
 *   https://docs.aws.amazon.com/cloudsearch/latest/developerguide/CommonErrors.html).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';
import type { HeaderBag, HttpRequest } from '@smithy/types';
import { Sha256, toBytes } from './sha256.js';
import type { IamCredentials } from './iamCredentials.js';
import type { OwnHosts } from '../http/ownHosts.js';

/** What is signed: the request as the client sent it (header names lower-cased). */
export interface SignedRequest {
  method: string;
  /** Path without the query, e.g. `/graphql` or `/graphql/connect`. */
  path: string;
  query: Record<string, string | string[]>;
  headers: Record<string, string>;
  body: string | Uint8Array;
}

export interface SignatureRefusal {
  status: number;
  errorType: 'InvalidSignatureException' | 'IncompleteSignatureException' | 'UnrecognizedClientException';
  message: string;
}

export type SignatureCheck = { ok: true; accessKeyId: string } | { ok: false; refusal: SignatureRefusal };

export interface VerifierSettings {
  credentials: IamCredentials;
  region: string;
  service: string;
  /** The Host values this server answers to (local/http/ownHosts.ts); unset: any (unit tests of AWS's examples). */
  hosts?: OwnHosts;
}

const SKEW_MS = 5 * 60 * 1000;
const AUTHORIZATION = /^AWS4-HMAC-SHA256\s+(.*)$/s;
const AMZ_DATE = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;
const MISMATCH =
  'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';

const invalid = (message: string): SignatureCheck => ({
  ok: false,
  refusal: { status: 403, errorType: 'InvalidSignatureException', message },
});
const incomplete = (message: string): SignatureCheck => ({
  ok: false,
  refusal: { status: 403, errorType: 'IncompleteSignatureException', message },
});
const unrecognized = (): SignatureCheck => ({
  ok: false,
  refusal: { status: 403, errorType: 'UnrecognizedClientException', message: 'The security token included in the request is invalid.' },
});

/** The SDK's signer, keeping the canonical request and string to sign it built (for the mismatch message). */
class ExplainingSigner extends SignatureV4 {
  canonicalRequest = '';
  stringToSign = '';
  protected override createCanonicalRequest(request: HttpRequest, canonicalHeaders: HeaderBag, payloadHash: string): string {
    this.canonicalRequest = super.createCanonicalRequest(request, canonicalHeaders, payloadHash);
    return this.canonicalRequest;
  }
  protected override async createStringToSign(
    longDate: string,
    scope: string,
    canonicalRequest: string,
    algorithm: string,
  ): Promise<string> {
    this.stringToSign = await super.createStringToSign(longDate, scope, canonicalRequest, algorithm);
    return this.stringToSign;
  }
}

interface AuthorizationParts {
  accessKeyId: string;
  scope: { date: string; region: string; service: string; terminator: string };
  signedHeaders: string[];
  signature: string;
}

/** `Credential=AKID/20240101/us-east-1/appsync/aws4_request, SignedHeaders=a;b, Signature=hex`, or the sentence saying what is missing. */
function parseAuthorization(header: string): AuthorizationParts | string {
  const body = AUTHORIZATION.exec(header)?.[1];
  const parts = new Map<string, string>();
  for (const part of (body ?? '').split(',')) {
    const eq = part.indexOf('=');
    if (eq > 0) parts.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  const missing = ['Credential', 'Signature', 'SignedHeaders'].filter((name) => !parts.get(name));
  if (missing.length > 0)
    return `${missing.map((name) => `Authorization header requires '${name}' parameter.`).join(' ')} Authorization=${header}`;
  const credential = parts.get('Credential')!.split('/');
  if (credential.length !== 5 || credential.some((piece) => piece === ''))
    return `Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '${parts.get('Credential')}'`;
  const [accessKeyId, date, region, service, terminator] = credential as [string, string, string, string, string];
  const signature = parts.get('Signature')!;
  return { accessKeyId, scope: { date, region, service, terminator }, signedHeaders: parts.get('SignedHeaders')!.split(';'), signature };
}

function parseAmzDate(value: string): Date | undefined {
  const m = AMZ_DATE.exec(value);
  if (!m) return undefined;
  const date = new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!));
  return Number.isNaN(date.getTime()) ? undefined : date;
}

const amzDate = (date: Date): string => date.toISOString().replace(/[-:]|\.\d{3}/g, '');

/** Checks `request` against the local key. `now` is the server's clock. */
export async function verifySignature(request: SignedRequest, settings: VerifierSettings, now = new Date()): Promise<SignatureCheck> {
  const header = request.headers.authorization ?? '';
  const parts = parseAuthorization(header);
  if (typeof parts === 'string') return incomplete(parts);
  const xAmzDate = request.headers['x-amz-date'];
  if (xAmzDate === undefined) return incomplete("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
  for (const name of parts.signedHeaders)
    if (request.headers[name] === undefined)
      return incomplete(`'${name}' is named as a SignedHeader, but it does not exist in the HTTP request.`);
  if (!parts.signedHeaders.includes('host')) return incomplete("'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
  if (settings.hosts && !settings.hosts.has(request.headers.host))
    return invalid(
      `The request is signed for host '${request.headers.host}', which is not this server (${settings.hosts.names.join(', ')}).`,
    );
  const signedAt = parseAmzDate(xAmzDate);
  if (!signedAt) return incomplete(`Date must be in ISO-8601 'basic format'. Got '${xAmzDate}'. See http://en.wikipedia.org/wiki/ISO_8601`);
  if (parts.scope.date !== xAmzDate.slice(0, 8))
    return invalid(
      `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${parts.scope.date}' != '${xAmzDate.slice(0, 8)}', from '${xAmzDate}'.`,
    );
  if (parts.scope.terminator !== 'aws4_request')
    return invalid(`Credential should be scoped with a valid terminator: 'aws4_request', not '${parts.scope.terminator}'.`);
  if (parts.scope.service !== settings.service) return invalid(`Credential should be scoped to correct service: '${settings.service}'. `);
  if (parts.scope.region !== settings.region)
    return invalid(
      `Credential should be scoped to a valid region. This local API is in '${settings.region}' (AWS_REGION); the signature is for '${parts.scope.region}'.`,
    );
  if (signedAt.getTime() < now.getTime() - SKEW_MS)
    return invalid(
      `Signature expired: ${xAmzDate} is now earlier than ${amzDate(new Date(now.getTime() - SKEW_MS))} (${amzDate(now)} - 5 min.)`,
    );
  if (signedAt.getTime() > now.getTime() + SKEW_MS)
    return invalid(
      `Signature not yet current: ${xAmzDate} is still later than ${amzDate(new Date(now.getTime() + SKEW_MS))} (${amzDate(now)} + 5 min.)`,
    );
  // The local key is a long-term key: a session token means credentials this API does not know.
  if (parts.accessKeyId !== settings.credentials.accessKeyId || request.headers['x-amz-security-token'] !== undefined)
    return unrecognized();
  const declaredHash = request.headers['x-amz-content-sha256'];
  if (declaredHash !== undefined && declaredHash !== createHash('sha256').update(toBytes(request.body)).digest('hex'))
    return invalid("The provided 'x-amz-content-sha256' header does not match what was computed.");

  const signer = new ExplainingSigner({
    credentials: settings.credentials,
    region: settings.region,
    service: settings.service,
    sha256: Sha256,
    applyChecksum: false,
  });
  const signedHeaders: Record<string, string> = {};
  for (const name of parts.signedHeaders) signedHeaders[name] = request.headers[name]!;
  const toSign: HttpRequest = {
    method: request.method,
    protocol: 'https:',
    hostname: request.headers.host!,
    path: request.path,
    query: request.query,
    headers: signedHeaders,
    body: request.body,
  };
  const signed = await signer.sign(toSign, { signingDate: signedAt, signableHeaders: new Set(parts.signedHeaders) });
  const expected = /Signature=([0-9a-f]+)/.exec(signed.headers.authorization ?? '')?.[1] ?? '';
  const given = Buffer.from(parts.signature);
  if (given.length !== expected.length || !timingSafeEqual(given, Buffer.from(expected)))
    return invalid(
      `${MISMATCH}\n\nThe Canonical String for this request should have been\n'${signer.canonicalRequest}'\n\nThe String-to-Sign should have been\n'${signer.stringToSign}'\n`,
    );
  return { ok: true, accessKeyId: parts.accessKeyId };
}
