/**
 * The SigV4 verifier against AWS's own published examples, then against requests the AWS SDK's
 * signer makes, altered one part at a time.
 */
import { SignatureV4 } from '@smithy/signature-v4';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Sha256 } from '../../local/auth/sha256.js';
import { verifySignature, type SignedRequest } from '../../local/auth/sigv4Verifier.js';

const EXAMPLE_KEY = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
const EXAMPLE_TIME = new Date('2015-08-30T12:36:00Z');

describe("AWS's documented examples verify", () => {
  // "Create a signed AWS API request" (IAM User Guide, reference_sigv-create-signed-request.html):
  // GET https://iam.amazonaws.com/?Action=ListUsers&Version=2010-05-08 on 20150830T123600Z.
  it('the IAM ListUsers example', async () => {
    const request: SignedRequest = {
      method: 'GET',
      path: '/',
      query: { Action: 'ListUsers', Version: '2010-05-08' },
      headers: {
        host: 'iam.amazonaws.com',
        'content-type': 'application/x-www-form-urlencoded; charset=utf-8',
        'x-amz-date': '20150830T123600Z',
        authorization:
          'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7',
      },
      body: '',
    };
    const settings = { credentials: EXAMPLE_KEY, region: 'us-east-1', service: 'iam' };
    expect(await verifySignature(request, settings, EXAMPLE_TIME)).toEqual({ ok: true, accessKeyId: 'AKIDEXAMPLE' });
    // One character of the query changed: the same signature no longer matches.
    const altered = { ...request, query: { Action: 'ListUsers', Version: '2010-05-09' } };
    expect(await verifySignature(altered, settings, EXAMPLE_TIME)).toMatchObject({
      ok: false,
      refusal: { errorType: 'InvalidSignatureException' },
    });
  });

  // The SigV4 test suite's "get-vanilla" case (GET / of example.amazonaws.com, service "service").
  it('the test suite get-vanilla case', async () => {
    const request: SignedRequest = {
      method: 'GET',
      path: '/',
      query: {},
      headers: {
        host: 'example.amazonaws.com',
        'x-amz-date': '20150830T123600Z',
        authorization:
          'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31',
      },
      body: '',
    };
    const settings = { credentials: EXAMPLE_KEY, region: 'us-east-1', service: 'service' };
    expect(await verifySignature(request, settings, EXAMPLE_TIME)).toEqual({ ok: true, accessKeyId: 'AKIDEXAMPLE' });
  });
});

const KEY = { accessKeyId: 'AKIALOCALTESTKEY0001', secretAccessKey: 'local-secret-for-unit-tests-000000' };
const SETTINGS = { credentials: KEY, region: 'us-east-1', service: 'appsync' };
const BODY = JSON.stringify({ query: '{ __typename }' });

async function sdkSigned(
  options: { body?: string; credentials?: typeof KEY & { sessionToken?: string }; region?: string; service?: string; at?: Date } = {},
): Promise<SignedRequest> {
  const signer = new SignatureV4({
    credentials: options.credentials ?? KEY,
    region: options.region ?? 'us-east-1',
    service: options.service ?? 'appsync',
    sha256: Sha256,
  });
  const signed = await signer.sign(
    {
      method: 'POST',
      protocol: 'http:',
      hostname: '127.0.0.1',
      port: 4000,
      path: '/graphql',
      query: {},
      headers: { host: '127.0.0.1:4000', 'content-type': 'application/json' },
      body: options.body ?? BODY,
    },
    { signingDate: options.at ?? new Date() },
  );
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(signed.headers)) headers[name.toLowerCase()] = String(value);
  return { method: 'POST', path: '/graphql', query: {}, headers, body: BODY };
}

describe('requests signed by the AWS SDK', () => {
  it('verify as signed (the SDK adds and signs x-amz-content-sha256)', async () => {
    const request = await sdkSigned();
    expect(request.headers['x-amz-content-sha256']).toBeDefined();
    expect(await verifySignature(request, SETTINGS)).toEqual({ ok: true, accessKeyId: KEY.accessKeyId });
  });

  it('a body changed after signing: the declared payload hash no longer matches', async () => {
    const request = await sdkSigned({ body: JSON.stringify({ query: '{ other }' }) });
    expect(await verifySignature(request, SETTINGS)).toEqual({
      ok: false,
      refusal: {
        status: 403,
        errorType: 'InvalidSignatureException',
        message: "The provided 'x-amz-content-sha256' header does not match what was computed.",
      },
    });
  });

  it("a body changed after signing, without a payload hash header: AWS's mismatch message with the canonical request", async () => {
    const request = await sdkSigned({ body: JSON.stringify({ query: '{ other }' }) });
    delete request.headers['x-amz-content-sha256'];
    request.headers.authorization = request.headers.authorization!.replace(';x-amz-content-sha256', '');
    const check = await verifySignature(request, SETTINGS);
    expect(check.ok).toBe(false);
    if (check.ok) return;
    expect(check.refusal.errorType).toBe('InvalidSignatureException');
    expect(check.refusal.message).toMatch(/^The request signature we calculated does not match the signature you provided\./);
    const bodyHash = createHash('sha256').update(BODY).digest('hex');
    expect(check.refusal.message).toContain(
      `The Canonical String for this request should have been\n'POST\n/graphql\n\ncontent-type:application/json\nhost:127.0.0.1:4000\nx-amz-date:${request.headers['x-amz-date']}\n\ncontent-type;host;x-amz-date\n${bodyHash}'`,
    );
    expect(check.refusal.message).toContain(`The String-to-Sign should have been\n'AWS4-HMAC-SHA256\n${request.headers['x-amz-date']}\n`);
  });

  it('another secret for the same key id does not verify', async () => {
    const request = await sdkSigned({ credentials: { ...KEY, secretAccessKey: 'not-the-secret-000000000000000000' } });
    expect(await verifySignature(request, SETTINGS)).toMatchObject({ ok: false, refusal: { errorType: 'InvalidSignatureException' } });
  });

  it('an unknown key id, and a session token, are UnrecognizedClientException', async () => {
    const unknown = {
      ok: false,
      refusal: { status: 403, errorType: 'UnrecognizedClientException', message: 'The security token included in the request is invalid.' },
    };
    expect(await verifySignature(await sdkSigned({ credentials: { ...KEY, accessKeyId: 'AKIAOTHERKEY00000000' } }), SETTINGS)).toEqual(
      unknown,
    );
    expect(await verifySignature(await sdkSigned({ credentials: { ...KEY, sessionToken: 'token' } }), SETTINGS)).toEqual(unknown);
  });

  it('another region or service is refused with the scope AWS expects', async () => {
    expect(await verifySignature(await sdkSigned({ region: 'eu-west-1' }), SETTINGS)).toMatchObject({
      ok: false,
      refusal: {
        errorType: 'InvalidSignatureException',
        message: expect.stringMatching(/^Credential should be scoped to a valid region\..*'us-east-1'.*'eu-west-1'/),
      },
    });
    expect(await verifySignature(await sdkSigned({ service: 'execute-api' }), SETTINGS)).toMatchObject({
      ok: false,
      refusal: { message: "Credential should be scoped to correct service: 'appsync'. " },
    });
  });

  it('a signature more than 5 minutes old or ahead is refused with the times, as AppSync words it', async () => {
    const now = new Date('2026-01-01T12:00:00Z');
    const old = await sdkSigned({ at: new Date('2026-01-01T11:54:00Z') });
    expect(await verifySignature(old, SETTINGS, now)).toMatchObject({
      ok: false,
      refusal: {
        status: 403,
        message: 'Signature expired: 20260101T115400Z is now earlier than 20260101T115500Z (20260101T120000Z - 5 min.)',
      },
    });
    const ahead = await sdkSigned({ at: new Date('2026-01-01T12:06:00Z') });
    expect(await verifySignature(ahead, SETTINGS, now)).toMatchObject({
      ok: false,
      refusal: { message: 'Signature not yet current: 20260101T120600Z is still later than 20260101T120500Z (20260101T120000Z + 5 min.)' },
    });
    expect(await verifySignature(await sdkSigned({ at: new Date('2026-01-01T11:56:00Z') }), SETTINGS, now)).toMatchObject({ ok: true });
  });

  it('a signed header missing from the request, a missing part or date: IncompleteSignatureException', async () => {
    const request = await sdkSigned();
    const withoutType = { ...request, headers: { ...request.headers } };
    delete withoutType.headers['content-type'];
    expect(await verifySignature(withoutType, SETTINGS)).toEqual({
      ok: false,
      refusal: {
        status: 403,
        errorType: 'IncompleteSignatureException',
        message: "'content-type' is named as a SignedHeader, but it does not exist in the HTTP request.",
      },
    });
    const noSignature = {
      ...request,
      headers: { ...request.headers, authorization: request.headers.authorization!.replace(/, Signature=\w+/, '') },
    };
    expect(await verifySignature(noSignature, SETTINGS)).toMatchObject({
      ok: false,
      refusal: {
        errorType: 'IncompleteSignatureException',
        message: expect.stringMatching(/^Authorization header requires 'Signature' parameter\./),
      },
    });
    const noDate = { ...request, headers: { ...request.headers } };
    delete noDate.headers['x-amz-date'];
    expect(await verifySignature(noDate, SETTINGS)).toMatchObject({ ok: false, refusal: { errorType: 'IncompleteSignatureException' } });
  });
});
