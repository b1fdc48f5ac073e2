/**
 * A web page on another origin, in a real browser (Debian's Chromium), against the local user pool:
 * it can sign in as aws-amplify does (issue 24 keeps that), but it cannot send an `Admin*` call
 * with credentials — the pool's CORS preflight allows no `authorization` header — and without them
 * the pool refuses it. Before, the preflight allowed `authorization` and any signature was taken:
 * a page the developer visited could make anyone an admin.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/chromium.js';
import { addUser, PASSWORD, poolOf, signIn, type PoolInfo } from '../../harness/cognito.js';
import { startLocalServer, type LocalServer } from '../../harness/localServer.js';

let server: LocalServer;
let pool: PoolInfo;
let browser: Browser;
/** Serves an empty page: the attacker's origin (another port is another origin). */
let site: Server;
let siteUrl: string;

beforeAll(async () => {
  server = await startLocalServer();
  pool = poolOf(server);
  await addUser(pool, 'mallory');
  site = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>elsewhere</title>'));
  await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
  siteUrl = `http://127.0.0.1:${(site.address() as AddressInfo).port}/`;
  browser = await launchChromium();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => site?.close(resolve));
  await server?.stop();
});

/** What the page's fetch to the pool gave: status and body, or the browser's error. */
type Outcome = { status: number; body: string } | { error: string };

async function fromThePage(action: string, body: unknown, headers: Record<string, string>): Promise<Outcome> {
  const page = await browser.newPage();
  try {
    await page.goto(siteUrl);
    return await page.evaluate(
      async ({ url, action, body, headers }) => {
        try {
          const res = await fetch(url, {
            method: 'POST',
            headers: {
              'content-type': 'application/x-amz-json-1.1',
              'x-amz-target': `AWSCognitoIdentityProviderService.${action}`,
              ...headers,
            },
            body: JSON.stringify(body),
          });
          return { status: res.status, body: await res.text() };
        } catch (error) {
          return { error: String(error) };
        }
      },
      { url: `${pool.endpoint}/`, action, body, headers },
    );
  } finally {
    await page.close();
  }
}

describe('a web page on another origin', () => {
  it('signs in with the headers aws-amplify sends', async () => {
    const outcome = await fromThePage(
      'InitiateAuth',
      { ClientId: pool.clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'mallory', PASSWORD } },
      {
        'cache-control': 'no-store',
        'x-amz-user-agent': 'aws-amplify/6',
        'amz-sdk-invocation-id': 'x',
        'amz-sdk-request': 'attempt=1; max=3',
      },
    );
    expect(outcome).toMatchObject({ status: 200 });
    expect(JSON.parse((outcome as { body: string }).body).AuthenticationResult.IdToken).toMatch(/^eyJ/);
  }, 60_000);

  it('cannot send AdminAddUserToGroup with an Authorization header (the browser stops it); without one the pool refuses it', async () => {
    const promote = { UserPoolId: pool.poolId, Username: 'mallory', GroupName: 'admins' };
    const signed = await fromThePage('AdminAddUserToGroup', promote, {
      authorization: `AWS4-HMAC-SHA256 Credential=${pool.credentials!.accessKeyId}/20240101/us-east-1/cognito-idp/aws4_request, SignedHeaders=host, Signature=0`,
      'x-amz-date': '20240101T000000Z',
    });
    expect(signed).toEqual({ error: expect.stringMatching(/Failed to fetch/) });
    const unsigned = await fromThePage('AdminAddUserToGroup', promote, {});
    expect(unsigned).toMatchObject({ status: 400 });
    expect(JSON.parse((unsigned as { body: string }).body)).toEqual({
      __type: 'MissingAuthenticationTokenException',
      message: 'Missing Authentication Token',
    });
    expect(decodeJwt((await signIn(pool, 'mallory')).IdToken)['cognito:groups']).toBeUndefined();
  }, 60_000);
});
