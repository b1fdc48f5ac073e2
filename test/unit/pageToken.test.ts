import { describe, expect, it } from 'vitest';
import { createPageTokens, PageTokenError } from '../../local/engine/dataSources/pageToken.js';

const key = { store_id: { S: 's' }, order_id: { S: 'o' }, timestamp: { S: 'u#1' } };
const binding = ['Orders', 'timestamp-index', 'expr', { ':u': { S: 'u#' } }];

describe('page tokens', () => {
  const tokens = createPageTokens('k1');

  it('round-trips the key for the same query', () => {
    expect(tokens.decode(tokens.encode(key, binding), binding)).toEqual(key);
  });

  it('is opaque: no key material in plain text', () => {
    expect(tokens.encode(key, binding)).not.toContain('u#1');
  });

  it('refuses another query, another secret, and any altered character', () => {
    const token = tokens.encode(key, binding);
    expect(() => tokens.decode(token, [...binding.slice(0, 3), { ':u': { S: 'v#' } }])).toThrow(PageTokenError);
    expect(() => createPageTokens('k2').decode(token, binding)).toThrow(PageTokenError);
    for (let i = 0; i < token.length; i += 1) {
      if (token[i] === '.') continue;
      // Flip to a character that differs only in base64's spare low bits where possible.
      for (const swap of ['A', 'B', 'Q']) {
        const altered = token.slice(0, i) + swap + token.slice(i + 1);
        if (altered !== token) expect(() => tokens.decode(altered, binding)).toThrow(PageTokenError);
      }
    }
  });

  it('refuses malformed tokens', () => {
    for (const bad of ['', '.', 'a.b.c', 'abc', '%%%.%%%']) expect(() => tokens.decode(bad, binding)).toThrow(PageTokenError);
  });
});
