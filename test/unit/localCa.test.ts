/**
 * DATA_DIR/tls (local/http/localCa.ts, certificates.ts): a CA kept across starts, owner-only and
 * never read through a link, whose name constraints make a TLS client refuse any certificate it
 * signs for a name that is not loopback.
 */
import { createPrivateKey, generateKeyPairSync, X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect, createServer } from 'node:tls';
import { describe, expect, it } from 'vitest';
import { UnsafeEntryError } from '../../local/files/ownerOnlyFile.js';
import { makeServerCertificate, type ServerNames } from '../../local/http/certificates.js';
import { localTls } from '../../local/http/localCa.js';

const dataDir = (): string => mkdtempSync(join(tmpdir(), 'orders-tls-'));

/** A TLS handshake with a server presenting `cert`, by a client that trusts only `ca`, for `servername`. */
async function handshake(key: string, cert: string, ca: string, servername: string, host = '127.0.0.1'): Promise<string> {
  const server = createServer({ key, cert }, (socket) => socket.end());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    return await new Promise<string>((resolve) => {
      const socket = connect({ host, port: (server.address() as AddressInfo).port, ca, servername }, () => {
        socket.end();
        resolve('ok');
      });
      socket.on('error', (error: NodeJS.ErrnoException) => resolve(`${error.code ?? ''} ${error.message}`));
    });
  } finally {
    server.close();
  }
}

/** A certificate the local CA signs for other names (what a stolen CA key could make). */
function signedFor(dir: string, names: ServerNames): { key: string; cert: string } {
  const caKey = createPrivateKey(readFileSync(join(dir, 'tls', 'ca-key.pem')));
  const commonName = new X509Certificate(readFileSync(join(dir, 'tls', 'ca.pem'))).subject.replace(/^CN=/, '');
  const key = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
  const now = Date.now();
  const cert = makeServerCertificate(key, { key: caKey, commonName }, new Date(now - 60_000), new Date(now + 86_400_000), names);
  return { key: key.export({ type: 'pkcs8', format: 'pem' }).toString(), cert };
}

describe('DATA_DIR/tls', () => {
  it('is made once, owner-only, and kept: a second start serves the same CA and server certificate', async () => {
    const dir = dataDir();
    const first = await localTls(dir);
    expect(statSync(join(dir, 'tls')).mode & 0o777).toBe(0o700);
    for (const file of ['ca.pem', 'ca-key.pem', 'server.pem', 'server-key.pem'])
      expect(statSync(join(dir, 'tls', file)).mode & 0o777, file).toBe(0o600);
    const second = await localTls(dir);
    expect(second.caCert).toBe(first.caCert);
    expect(second.cert).toBe(first.cert);
    expect(await handshake(second.key, second.cert, second.caCert, 'localhost')).toBe('ok');
  });

  it('makes the CA again when ca.pem is not its key’s, and the server certificate with it', async () => {
    const dir = dataDir();
    const first = await localTls(dir);
    // A certificate of another DATA_DIR's CA in its place.
    const other = dataDir();
    await localTls(other);
    writeFileSync(join(dir, 'tls', 'ca.pem'), signedFor(other, { dns: ['localhost'], addresses: [] }).cert, { mode: 0o600 });
    const again = await localTls(dir);
    expect(again.caCert).not.toBe(first.caCert);
    expect(new X509Certificate(again.caCert).checkPrivateKey(createPrivateKey(readFileSync(join(dir, 'tls', 'ca-key.pem'))))).toBe(true);
    expect(await handshake(again.key, again.cert, again.caCert, 'localhost')).toBe('ok');
  });

  it('refuses a link in place of the CA key, and writes nothing through it', async () => {
    const dir = dataDir();
    await localTls(dir);
    const outside = join(dataDir(), 'elsewhere.pem');
    writeFileSync(outside, 'not a key');
    const keyPath = join(dir, 'tls', 'ca-key.pem');
    rmSync(keyPath);
    symlinkSync(outside, keyPath);
    await expect(localTls(dir)).rejects.toBeInstanceOf(UnsafeEntryError);
    expect(readFileSync(outside, 'utf8')).toBe('not a key');
  });
});

describe('the name constraints', () => {
  it('let a client accept the CA’s certificates for localhost, 127.0.0.1 and ::1', async () => {
    const dir = dataDir();
    const { caCert } = await localTls(dir);
    const loopback = signedFor(dir, { dns: ['localhost', 'api.localhost'], addresses: ['127.0.0.1', '127.8.9.10', '::1'] });
    expect(await handshake(loopback.key, loopback.cert, caCert, 'localhost')).toBe('ok');
    expect(await handshake(loopback.key, loopback.cert, caCert, 'api.localhost')).toBe('ok');
  });

  it('make a client refuse a certificate the same CA signs for any other name or address', async () => {
    const dir = dataDir();
    const { caCert } = await localTls(dir);
    const bank = signedFor(dir, { dns: ['bank.example'], addresses: [] });
    expect(await handshake(bank.key, bank.cert, caCert, 'bank.example')).toMatch(/permitted subtree violation/i);
    const lan = signedFor(dir, { dns: [], addresses: ['192.0.2.10'] });
    expect(await handshake(lan.key, lan.cert, caCert, '192.0.2.10')).toMatch(/permitted subtree violation/i);
  });
});
