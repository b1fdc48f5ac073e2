/**
 * The local user pool's slow arithmetic, on a thread of its own (cryptoWork.ts): a password's scrypt
 * (~35 ms) and SRP's modular exponentiations over the 3072-bit group (~2 ms each with OpenSSL, ~16 ms
 * with BigInt). On the main thread they stopped every other request while they ran (issue 24).
 * `{id, op: 'scrypt', password, salt (base64url), keyLength}` → the key (base64url);
 * `{id, op: 'modPow', base, exponent, modulus}` (even-length hex) → base^exponent mod modulus (hex).
 * Answers are `{id, result}` or `{id, error}`. Plain CommonJS, so the worker needs no loader.
 */
'use strict';
const { parentPort } = require('node:worker_threads');
const { createDiffieHellman, scryptSync } = require('node:crypto');

/**
 * OpenSSL's modular exponentiation, reached through Diffie-Hellman: with `exponent` as the private
 * key, computeSecret(base) is base^exponent mod modulus. It refuses a base of 0, 1 or modulus - 1.
 */
function modPow(base, exponent, modulus) {
  const dh = createDiffieHellman(Buffer.from(modulus, 'hex'), Buffer.from([2]));
  dh.setPrivateKey(Buffer.from(exponent, 'hex'));
  return dh.computeSecret(Buffer.from(base, 'hex')).toString('hex');
}

parentPort.on('message', (job) => {
  try {
    const result =
      job.op === 'scrypt'
        ? scryptSync(job.password, Buffer.from(job.salt, 'base64url'), job.keyLength).toString('base64url')
        : modPow(job.base, job.exponent, job.modulus);
    parentPort.postMessage({ id: job.id, result });
  } catch (error) {
    parentPort.postMessage({ id: job.id, error: error instanceof Error ? error.message : String(error) });
  }
});
