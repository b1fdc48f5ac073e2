/**
 * created_at from a seed-era `timestamp` (`<user_id>#<epoch ms>`): the same rule as
 * resolvers/Query.userOrders.ts uses when it lists such an item (milliseconds after the last '#'),
 * so the value written is exactly the one the API already showed. Null when there is none.
 */
import { TIMESTAMP_SEPARATOR } from '../../definitions/ordersTable.js';

/** ECMAScript's Date range: ±8.64e15 ms around the epoch. */
const MAX_EPOCH_MS = 8.64e15;

export function createdAtFromTimestamp(timestamp: unknown): string | null {
  if (typeof timestamp !== 'string') return null;
  const ms = Number(timestamp.slice(timestamp.lastIndexOf(TIMESTAMP_SEPARATOR) + 1));
  return Number.isFinite(ms) && Math.abs(ms) <= MAX_EPOCH_MS ? new Date(ms).toISOString() : null;
}
