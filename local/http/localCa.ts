/**
 * The local certificate authority in DATA_DIR/tls, and the server's certificate from it, all
 * owner-only and never read through a link (local/files):
 * - `ca-key.pem`, the CA's private key, made on first start; whoever holds it could vouch for
 *   loopback names only (the CA's name constraints, certificates.ts);
 * - `ca.pem`, the CA's certificate, what a client trusts (NODE_EXTRA_CA_CERTS, a browser's
 *   authorities);
 * - `server-key.pem` and `server.pem`, the server's key and its certificate signed by the CA.
 * Each is kept, and made again only when it is missing, does not match its key or issuer, or nears
 * its end. Nothing here is ever in the repository: every DATA_DIR has a CA of its own. The ASN.1
 * library (a fifth of a second to load) is loaded only when something must be made.
 */
import { createPrivateKey, generateKeyPairSync, randomBytes, X509Certificate, type KeyObject } from 'node:crypto';
import { join } from 'node:path';
import { keptFile, ownerOnlyDir, readOwnerOnlyFile, replaceFile } from '../files/ownerOnlyFile.js';

export const TLS_FOLDER = 'tls';
const DAY = 24 * 60 * 60 * 1000;
/** Long enough to trust once; a CA near its end is made again, and must be trusted again. */
const CA_VALIDITY_DAYS = 10 * 365;
/** Under the 398 days browsers accept for a server certificate. */
const SERVER_VALIDITY_DAYS = 397;
/** A certificate with less left than this is made again at the next start. */
const RENEW_BEFORE_DAYS = 30;
/** Clocks of clients a little behind this one still accept a certificate made just now. */
const CLOCK_SKEW = 60 * 60 * 1000;

export interface LocalTls {
  /** The server's private key and certificate chain (PEM), for tls.createServer. */
  key: string;
  cert: string;
  /** The CA's certificate (PEM) and where it is kept: what clients trust. */
  caCert: string;
  caPath: string;
}

export const tlsDir = (dataDir: string): string => join(dataDir, TLS_FOLDER);

const newEcKey = (): KeyObject => generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;

/** A kept certificate, if it is `key`'s, was issued by `issuer` (itself if none) and has a month left. */
function usable(pem: Buffer | undefined, key: KeyObject, now: Date, issuer?: X509Certificate): X509Certificate | undefined {
  if (pem === undefined) return undefined;
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(pem);
  } catch {
    return undefined;
  }
  const fresh = new Date(cert.validTo).getTime() - now.getTime() > RENEW_BEFORE_DAYS * DAY;
  const issued = issuer ? !cert.ca && cert.checkIssued(issuer) && cert.verify(issuer.publicKey) : cert.ca;
  return fresh && issued && cert.checkPrivateKey(key) ? cert : undefined;
}

/** A private key kept in `path` (PKCS #8 PEM), made the first time. */
function keptKey(path: string): KeyObject {
  return createPrivateKey(keptFile(path, () => newEcKey().export({ type: 'pkcs8', format: 'pem' }).toString()));
}

/**
 * Reads DATA_DIR/tls's CA and server certificate, making what is missing or due. Runs after
 * DATA_DIR is claimed (config.ts), so no second server writes beside this one; keys are made
 * exclusively all the same (keptFile), and a certificate is replaced, never written through a link.
 */
export async function localTls(dataDir: string, now = new Date()): Promise<LocalTls> {
  const dir = tlsDir(dataDir);
  ownerOnlyDir(dir);
  const caKey = keptKey(join(dir, 'ca-key.pem'));
  const serverKey = keptKey(join(dir, 'server-key.pem'));
  const caPath = join(dir, 'ca.pem');
  const serverPath = join(dir, 'server.pem');
  const notBefore = new Date(now.getTime() - CLOCK_SKEW);
  let ca = usable(readOwnerOnlyFile(caPath), caKey, now);
  if (!ca) {
    const { makeCaCertificate } = await import('./certificates.js');
    const commonName = `Orders API local CA ${randomBytes(4).toString('hex')} (loopback names only)`;
    replaceFile(caPath, makeCaCertificate(caKey, commonName, notBefore, new Date(now.getTime() + CA_VALIDITY_DAYS * DAY)));
    ca = new X509Certificate(readOwnerOnlyFile(caPath)!);
  }
  let server = usable(readOwnerOnlyFile(serverPath), serverKey, now, ca);
  if (!server) {
    const { makeServerCertificate } = await import('./certificates.js');
    const until = Math.min(now.getTime() + SERVER_VALIDITY_DAYS * DAY, new Date(ca.validTo).getTime());
    const issuer = { key: caKey, commonName: ca.subject.replace(/^CN=/, '') };
    replaceFile(serverPath, makeServerCertificate(serverKey, issuer, notBefore, new Date(until)));
    server = new X509Certificate(readOwnerOnlyFile(serverPath)!);
  }
  return {
    key: serverKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    cert: server.toString(),
    caCert: ca.toString(),
    caPath,
  };
}

/** The ready line's part for TLS: the https and wss URLs on the same port, and the CA to trust. */
export function tlsReadyNote(baseUrl: string, caPath: string): string {
  const secure = baseUrl.replace(/^http:/, 'https:');
  return `TLS ${secure}/graphql ${secure.replace(/^https:/, 'wss:')}/graphql/realtime (CA ${caPath})`;
}
