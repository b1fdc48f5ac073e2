/**
 * Cognito's SRP sign-in (USER_SRP_AUTH → PASSWORD_VERIFIER), aws-amplify's default flow: SRP-6a
 * over the 3072-bit group of RFC 5054 with SHA-256, `x = H(salt | H(poolName | userId | ":" | password))`,
 * the session key from HKDF ("Caldera Derived Key"), and the claim
 * `HMAC(key, poolName | userId | secretBlock | timestamp)` — the client side is aws-amplify's
 * `signInWithSRP` (packages/auth/src/providers/cognito/utils/srp); Cognito's documentation of the
 * flow: https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-authentication-flow-methods.html
 * The password itself is never stored for this: only the verifier `g^x mod N`. The exponentiations
 * run on the crypto thread (cryptoWork.ts). A name with no user gets a challenge all the same, from
 * a verifier derived from the pool's key and the name (fakeVerifier), and fails at the claim: the
 * stack's client sets preventUserExistenceErrors, and Cognito then "returns a simulated response
 * in the first step … the same 'salt' … for the same user name and user pool combination", then "a
 * generic NotAuthorizedException" (https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pool-managing-errors.html).
 */
import { createHash, createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';
import { CryptoBusy, sharedCryptoWork, type CryptoWork } from './cryptoWork.js';
import { seal, unseal } from './sealed.js';

/** RFC 5054's 3072-bit group, hex. */
export const N_HEX =
  'FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404DDEF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7EDEE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF0598DA48361C55D39A69163FA8FD24CF5F83655D23DCA3AD961C62F356208552BB9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3BE39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF6955817183995497CEA956AE515D2261898FA051015728E5A8AAAC42DAD33170D04507A33A85521ABDF1CBA64ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6BF12FFA06D98A0864D87602733EC86A64521F2B18177B200CBBE117577A615D6C770988C0BAD946E208E24FA074E5AB3143DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF';
const N = BigInt(`0x${N_HEX}`);
const G = 2n;
const SECRET_BLOCK_SECONDS = 300;
/** SRP_A as a client sends it: a 3072-bit number in hex (leading zeros allowed). */
const SRP_A = /^[0-9a-fA-F]{1,1024}$/;

/** aws-amplify's getPaddedHex: even length, and a leading 00 when the top bit is set (positive). */
function paddedHex(value: bigint): string {
  let hex = value.toString(16);
  if (hex.length % 2 === 1) hex = `0${hex}`;
  return '89abcdef'.includes(hex[0]!) ? `00${hex}` : hex;
}

const sha256Hex = (data: Buffer | string): string => createHash('sha256').update(data).digest('hex');
const hashHex = (hex: string): bigint => BigInt(`0x${sha256Hex(Buffer.from(hex, 'hex'))}`);
const K = hashHex(paddedHex(N) + paddedHex(G));

function x(poolId: string, userId: string, password: string, saltHex: string): bigint {
  const poolName = poolId.split('_')[1] ?? '';
  return hashHex(paddedHex(BigInt(`0x${saltHex}`)) + sha256Hex(`${poolName}${userId}:${password}`));
}

/** What is kept per user: the salt and the verifier `g^x mod N` (hex). */
export interface SrpVerifier {
  salt: string;
  verifier: string;
}

export async function srpVerifierFor(
  poolId: string,
  userId: string,
  password: string,
  work: CryptoWork = sharedCryptoWork,
): Promise<SrpVerifier> {
  const salt = randomBytes(16).toString('hex');
  return { salt, verifier: (await work.modPow(G, x(poolId, userId, password, salt), N)).toString(16) };
}

/**
 * The salt and verifier a name without a user is challenged with: the same for the same name and
 * pool, unguessable without the pool's key, shaped like a real one (a 16-byte salt; a verifier is
 * any number mod N, and B = k·v + g^b hides which). Derived, not computed as g^x: no extra work
 * that would time a missing user apart.
 */
export function fakeVerifier(key: string, username: string): SrpVerifier {
  const seed = createHmac('sha256', Buffer.from(key, 'base64url')).update(`srp-unknown-user\0${username}`).digest();
  const derived = (label: string, length: number): Buffer => Buffer.from(hkdfSync('sha256', seed, Buffer.alloc(0), label, length));
  return {
    salt: derived('salt', 16).toString('hex'),
    verifier: (BigInt(`0x${derived('verifier', 384).toString('hex')}`) % N).toString(16),
  };
}

/** Whether SRP_A is one the exchange can use: hex, and not 0 mod N (SRP-6a's check). */
export function validSrpA(srpA: unknown): srpA is string {
  return typeof srpA === 'string' && SRP_A.test(srpA) && BigInt(`0x${srpA}`) % N !== 0n;
}

/** InitiateAuth USER_SRP_AUTH's answer: B = k·v + g^b, the salt, and b, A and B sealed in the secret block. */
export async function srpChallenge(
  key: string,
  username: string,
  verifier: SrpVerifier,
  srpA: string,
  work: CryptoWork = sharedCryptoWork,
): Promise<Record<string, string>> {
  const v = BigInt(`0x${verifier.verifier}`);
  const b = BigInt(`0x${randomBytes(128).toString('hex')}`) % N;
  const B = (K * v + (await work.modPow(G, b, N))) % N;
  const secretBlock = seal(key, {
    b: b.toString(16),
    A: srpA,
    B: B.toString(16),
    username,
    until: Date.now() + SECRET_BLOCK_SECONDS * 1000,
  });
  return {
    CHALLENGE_NAME: 'PASSWORD_VERIFIER',
    SALT: verifier.salt,
    SECRET_BLOCK: secretBlock,
    SRP_B: B.toString(16),
    USERNAME: username,
    USER_ID_FOR_SRP: username,
  };
}

function hkdf(ikm: Buffer, salt: Buffer): Buffer {
  const prk = createHmac('sha256', salt).update(ikm).digest();
  return createHmac('sha256', prk)
    .update(Buffer.concat([Buffer.from('Caldera Derived Key'), Buffer.from([1])]))
    .digest()
    .subarray(0, 16);
}

/** RespondToAuthChallenge PASSWORD_VERIFIER: recomputes the session key, S = (A·v^u)^b, and checks the client's claim. */
export async function srpVerify(
  key: string,
  poolId: string,
  username: string,
  verifier: SrpVerifier,
  responses: Record<string, unknown>,
  work: CryptoWork = sharedCryptoWork,
): Promise<boolean> {
  const { PASSWORD_CLAIM_SECRET_BLOCK: block, PASSWORD_CLAIM_SIGNATURE: signature, TIMESTAMP: timestamp } = responses;
  if (typeof block !== 'string' || typeof signature !== 'string' || typeof timestamp !== 'string') return false;
  const secret = unseal(key, block);
  if (!secret || secret.username !== username) return false;
  const A = BigInt(`0x${String(secret.A)}`);
  const B = BigInt(`0x${String(secret.B)}`);
  const b = BigInt(`0x${String(secret.b)}`);
  const v = BigInt(`0x${verifier.verifier}`);
  const u = hashHex(paddedHex(A) + paddedHex(B));
  if (u === 0n) return false;
  let S: bigint;
  try {
    S = await work.modPow((A * (await work.modPow(v, u, N))) % N, b, N);
  } catch (error) {
    if (error instanceof CryptoBusy) throw error; // too busy to check: the caller says so
    return false; // a base OpenSSL refuses (0, 1, N - 1): no session key, no sign-in
  }
  const sessionKey = hkdf(Buffer.from(paddedHex(S), 'hex'), Buffer.from(paddedHex(u), 'hex'));
  const poolName = poolId.split('_')[1] ?? '';
  const expected = createHmac('sha256', sessionKey)
    .update(Buffer.concat([Buffer.from(poolName), Buffer.from(username), Buffer.from(block, 'base64'), Buffer.from(timestamp)]))
    .digest();
  const presented = Buffer.from(signature, 'base64');
  return presented.length === expected.length && timingSafeEqual(presented, expected);
}
