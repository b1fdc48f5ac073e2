/**
 * A JSON object: not null, not an array. Values may come from a node:vm context (another realm),
 * so the check uses typeof/isArray, never instanceof.
 */
export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
