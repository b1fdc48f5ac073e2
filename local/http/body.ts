/** Reads a request body with a hard cap: past it the read stops and the caller answers 413. */
import type { IncomingMessage } from 'node:http';

/** AppSync's request limit. */
export const MAX_BODY_BYTES = 1024 * 1024;

export class BodyTooLarge extends Error {}

export function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) {
    req.resume();
    return Promise.reject(new BodyTooLarge(`Request body exceeds ${limit} bytes`));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.removeAllListeners('data');
        req.resume();
        reject(new BodyTooLarge(`Request body exceeds ${limit} bytes`));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** The body as text, or null when it is not valid UTF-8: refused, never turned into U+FFFD and stored. */
export function utf8OrNull(body: Buffer): string | null {
  try {
    return strictUtf8.decode(body);
  } catch {
    return null;
  }
}

/**
 * A JSON request body, read once: its bytes (what a signature covers), its text and its value —
 * or, as a value, why not (`detail` completes "the body …"). Each route words the problem in its
 * own protocol's answer.
 */
export type JsonBody =
  | { ok: true; bytes: Buffer; text: string; value: unknown }
  | { ok: false; problem: 'tooLarge' | 'empty' | 'notUtf8' | 'notJson'; detail: string; bytes: Buffer | undefined };

/** Reads (at most `limit` bytes) and parses the body as JSON. */
export async function readJsonBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<JsonBody> {
  let bytes: Buffer;
  try {
    bytes = await readBody(req, limit);
  } catch (error) {
    if (error instanceof BodyTooLarge) return { ok: false, problem: 'tooLarge', detail: `exceeds ${limit} bytes`, bytes: undefined };
    throw error;
  }
  return parseJsonBody(bytes);
}

/** Bytes already read, parsed as JSON: strict UTF-8 (never turned into U+FFFD), no text at all is `empty`. */
export function parseJsonBody(bytes: Buffer): JsonBody {
  const text = utf8OrNull(bytes);
  if (text === null) return { ok: false, problem: 'notUtf8', detail: 'is not valid UTF-8', bytes };
  if (text.trim() === '') return { ok: false, problem: 'empty', detail: 'is empty', bytes };
  try {
    return { ok: true, bytes, text, value: JSON.parse(text) as unknown };
  } catch (error) {
    return { ok: false, problem: 'notJson', detail: `is not valid JSON (${(error as Error).message})`, bytes };
  }
}
