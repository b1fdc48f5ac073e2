/**
 * ListUsers (https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_ListUsers.html):
 * users by name, `Limit` at most 60 (default 60), an opaque `PaginationToken` to go on, and the
 * `Filter` forms the reference documents — `attribute = "value"` (exact) and `attribute ^= "value"`
 * (starts with) on username, email, phone_number, name, given_name, family_name,
 * preferred_username, cognito:user_status, status (enabled or disabled) and sub; anything else is
 * InvalidParameterException.
 */
import { invalidParameter } from './cognitoError.js';
import type { StoredUser } from './poolStore.js';

type Body = Record<string, unknown>;

const MAX_LIMIT = 60;
const FILTERABLE = new Set([
  'username',
  'email',
  'phone_number',
  'name',
  'given_name',
  'family_name',
  'preferred_username',
  'cognito:user_status',
  'status',
  'sub',
]);
const FILTER = /^\s*([\w:]+)\s*(\^?=)\s*"((?:[^"\\]|\\.)*)"\s*$/;

function valueOf(user: StoredUser, attribute: string): string | undefined {
  if (attribute === 'username') return user.username;
  if (attribute === 'sub') return user.sub;
  if (attribute === 'cognito:user_status') return user.status;
  if (attribute === 'status') return user.enabled ? 'Enabled' : 'Disabled';
  return user.attributes[attribute];
}

function matcher(filter: unknown): (user: StoredUser) => boolean {
  if (filter === undefined || filter === '') return () => true;
  const match = typeof filter === 'string' ? FILTER.exec(filter) : null;
  if (!match || !FILTERABLE.has(match[1]!)) throw invalidParameter(`Invalid search filter: ${String(filter)}`);
  const [, attribute, operator, quoted] = match as unknown as [string, string, string, string];
  const wanted = quoted.replace(/\\(.)/g, '$1');
  return (user) => {
    const value = valueOf(user, attribute);
    if (value === undefined) return false;
    return operator === '=' ? value === wanted : value.startsWith(wanted);
  };
}

/** One page of `users` (sorted by name), each shaped by `userType`. */
export function listUsers(users: readonly StoredUser[], body: Body, userType: (user: StoredUser) => Body): Body {
  const limit = body.Limit === undefined ? MAX_LIMIT : Number(body.Limit);
  if (!Number.isInteger(limit) || limit < 0 || limit > MAX_LIMIT)
    throw invalidParameter(
      `1 validation error detected: Value '${String(body.Limit)}' at 'limit' failed to satisfy constraint: Member must have value less than or equal to ${MAX_LIMIT}`,
    );
  const after = typeof body.PaginationToken === 'string' ? Buffer.from(body.PaginationToken, 'base64url').toString('utf8') : undefined;
  const selected = users.filter(matcher(body.Filter)).filter((user) => after === undefined || user.username > after);
  const page = selected.slice(0, limit);
  const more = selected.length > page.length && page.length > 0;
  return {
    Users: page.map(userType),
    ...(more ? { PaginationToken: Buffer.from(page[page.length - 1]!.username, 'utf8').toString('base64url') } : {}),
  };
}
