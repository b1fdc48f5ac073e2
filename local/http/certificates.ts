/**
 * X.509 certificates for the local server's TLS (RFC 5280), built with @peculiar/asn1-x509's
 * schemas and signed with node:crypto (Node 20 parses certificates but cannot make them):
 * - a certificate authority limited by a critical Name Constraints extension to the loopback names
 *   and addresses (`localhost` and its subdomains, 127.0.0.0/8, ::1), so that trusting it vouches
 *   for no other site: a verifier refuses any certificate it signs for another name (RFC 5280
 *   4.2.1.10; OpenSSL, Chromium and Firefox enforce it);
 * - the server's certificate for `localhost`, 127.0.0.1 and ::1, signed by that CA.
 * ECDSA P-256 with SHA-256: accepted by every TLS client, and made in a millisecond.
 */
import { createHash, createPublicKey, randomBytes, sign, type KeyObject } from 'node:crypto';
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import {
  AlgorithmIdentifier,
  AttributeTypeAndValue,
  AttributeValue,
  AuthorityKeyIdentifier,
  BasicConstraints,
  Certificate,
  Extension,
  Extensions,
  ExtendedKeyUsage,
  GeneralName,
  GeneralSubtree,
  GeneralSubtrees,
  id_ce_authorityKeyIdentifier,
  id_ce_basicConstraints,
  id_ce_extKeyUsage,
  id_ce_keyUsage,
  id_ce_nameConstraints,
  id_ce_subjectAltName,
  id_ce_subjectKeyIdentifier,
  id_kp_serverAuth,
  KeyIdentifier,
  KeyUsage,
  KeyUsageFlags,
  Name,
  NameConstraints,
  RelativeDistinguishedName,
  SubjectAlternativeName,
  SubjectKeyIdentifier,
  SubjectPublicKeyInfo,
  TBSCertificate,
  Validity,
  Version,
} from '@peculiar/asn1-x509';

/** ecdsa-with-SHA256 (RFC 5758 3.2): no parameters. */
const ECDSA_WITH_SHA256 = '1.2.840.10045.4.3.2';
const COMMON_NAME = '2.5.4.3';

/** The names the CA may vouch for and the server's certificate names. */
const LOOPBACK_DNS_NAME = 'localhost';
/** The loopback ranges; the schema writes a range as Name Constraints want it, address then mask (RFC 5280 4.2.1.10). */
const PERMITTED_ADDRESSES = ['127.0.0.0/8', '::1/128'];
const SERVER_ADDRESSES = ['127.0.0.1', '::1'];

function name(commonName: string): Name {
  return new Name([
    new RelativeDistinguishedName([
      new AttributeTypeAndValue({ type: COMMON_NAME, value: new AttributeValue({ utf8String: commonName }) }),
    ]),
  ]);
}

function extension(extnID: string, critical: boolean, value: unknown): Extension {
  return new Extension({ extnID, critical, extnValue: new OctetString(AsnConvert.serialize(value)) });
}

/** The key identifier RFC 5280 4.2.1.2 (1) suggests: SHA-1 of the subjectPublicKey bits. */
function keyIdentifier(spki: SubjectPublicKeyInfo): Uint8Array {
  return new Uint8Array(createHash('sha1').update(Buffer.from(spki.subjectPublicKey)).digest());
}

/** A positive serial number of 16 random bytes (RFC 5280 4.1.2.2: at most 20 octets, unique per CA). */
function serialNumber(): ArrayBuffer {
  const bytes = randomBytes(16);
  bytes[0] = (bytes[0]! & 0x7f) | 0x01;
  return new Uint8Array(bytes).buffer;
}

interface CertificateParts {
  subject: string;
  issuer: string;
  publicKey: KeyObject;
  signingKey: KeyObject;
  notBefore: Date;
  notAfter: Date;
  extensions: Extension[];
}

function signed(parts: CertificateParts): string {
  const algorithm = new AlgorithmIdentifier({ algorithm: ECDSA_WITH_SHA256 });
  const tbs = new TBSCertificate({
    version: Version.v3,
    serialNumber: serialNumber(),
    signature: algorithm,
    issuer: name(parts.issuer),
    // UTCTime until 2049, GeneralizedTime after, as RFC 5280 4.1.2.5 requires (the schema's Time chooses).
    validity: new Validity({ notBefore: parts.notBefore, notAfter: parts.notAfter }),
    subject: name(parts.subject),
    subjectPublicKeyInfo: AsnConvert.parse(parts.publicKey.export({ type: 'spki', format: 'der' }), SubjectPublicKeyInfo),
    extensions: new Extensions(parts.extensions),
  });
  const signature = Uint8Array.from(sign('sha256', Buffer.from(AsnConvert.serialize(tbs)), { key: parts.signingKey, dsaEncoding: 'der' }));
  const der = AsnConvert.serialize(
    new Certificate({ tbsCertificate: tbs, signatureAlgorithm: algorithm, signatureValue: signature.buffer }),
  );
  return toPem(Buffer.from(der));
}

function toPem(der: Buffer): string {
  const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN CERTIFICATE-----\n${lines.join('\n')}\n-----END CERTIFICATE-----\n`;
}

function spkiOf(key: KeyObject): SubjectPublicKeyInfo {
  return AsnConvert.parse(createPublicKey(key).export({ type: 'spki', format: 'der' }), SubjectPublicKeyInfo);
}

/**
 * The CA: CA:TRUE with no intermediate below it (pathLen 0), for signing certificates only, and
 * limited to the loopback names and addresses.
 */
export function makeCaCertificate(caKey: KeyObject, commonName: string, notBefore: Date, notAfter: Date): string {
  const spki = spkiOf(caKey);
  const permitted = [
    new GeneralName({ dNSName: LOOPBACK_DNS_NAME }),
    ...PERMITTED_ADDRESSES.map((range) => new GeneralName({ iPAddress: range })),
  ];
  return signed({
    subject: commonName,
    issuer: commonName,
    publicKey: createPublicKey(caKey),
    signingKey: caKey,
    notBefore,
    notAfter,
    extensions: [
      extension(id_ce_basicConstraints, true, new BasicConstraints({ cA: true, pathLenConstraint: 0 })),
      extension(id_ce_keyUsage, true, new KeyUsage(KeyUsageFlags.keyCertSign | KeyUsageFlags.cRLSign)),
      extension(id_ce_subjectKeyIdentifier, false, new SubjectKeyIdentifier(keyIdentifier(spki))),
      extension(
        id_ce_nameConstraints,
        true,
        new NameConstraints({ permittedSubtrees: new GeneralSubtrees(permitted.map((base) => new GeneralSubtree({ base }))) }),
      ),
    ],
  });
}

export interface ServerNames {
  dns: readonly string[];
  addresses: readonly string[];
}

/** `localhost`, 127.0.0.1 and ::1: the names a loopback client reaches this server by. */
export const LOOPBACK_SERVER_NAMES: ServerNames = { dns: [LOOPBACK_DNS_NAME], addresses: SERVER_ADDRESSES };

/** A TLS server's certificate for `names` (the loopback ones), signed by the CA. */
export function makeServerCertificate(
  serverKey: KeyObject,
  ca: { key: KeyObject; commonName: string },
  notBefore: Date,
  notAfter: Date,
  names: ServerNames = LOOPBACK_SERVER_NAMES,
): string {
  const altNames = [
    ...names.dns.map((dNSName) => new GeneralName({ dNSName })),
    ...names.addresses.map((address) => new GeneralName({ iPAddress: address })),
  ];
  return signed({
    subject: names.dns[0] ?? names.addresses[0] ?? LOOPBACK_DNS_NAME,
    issuer: ca.commonName,
    publicKey: createPublicKey(serverKey),
    signingKey: ca.key,
    notBefore,
    notAfter,
    extensions: [
      extension(id_ce_basicConstraints, true, new BasicConstraints({ cA: false })),
      extension(id_ce_keyUsage, true, new KeyUsage(KeyUsageFlags.digitalSignature)),
      extension(id_ce_extKeyUsage, false, new ExtendedKeyUsage([id_kp_serverAuth])),
      extension(id_ce_subjectKeyIdentifier, false, new SubjectKeyIdentifier(keyIdentifier(spkiOf(serverKey)))),
      extension(
        id_ce_authorityKeyIdentifier,
        false,
        new AuthorityKeyIdentifier({ keyIdentifier: new KeyIdentifier(keyIdentifier(spkiOf(ca.key))) }),
      ),
      extension(id_ce_subjectAltName, false, new SubjectAlternativeName(altNames)),
    ],
  });
}
