/**
 * The owner rules (docs/api.md, "Identity"), in one place for every field that
 * takes a `user_id`, written in the APPSYNC_JS subset so the same bundle enforces them in AppSync
 * and on the local runtime.
 *
 * Who calls is what `util.authType()` says (AppSync's strings: "API Key Authorization",
 * "IAM Authorization", "User Pool Authorization", "Open ID Connect Authorization"; "Lambda
 * Authorization"), https://docs.aws.amazon.com/appsync/latest/devguide/built-in-util-js.html.
 * A user-pool caller's `ctx.identity` is `{ sub, issuer, username, claims, sourceIp,
 * defaultAuthStrategy, groups }`,
 * https://docs.aws.amazon.com/appsync/latest/devguide/resolver-context-reference-js.html.
 *
 * - API key and IAM callers (the REST shims, back-end services): `user_id` exactly as given.
 * - A signed-in user in group `admins`: the same, and where an API-key caller must give `user_id`
 *   (createOrder, userOrders) an omitted one means the admin themselves.
 * - Any other signed-in caller: an omitted `user_id` becomes the caller's name; any other value is
 *   refused with `util.unauthorized()` in the request handler, before the data source is called,
 *   so nothing is written. Deny by default: a caller of a mode this API does not enable (OIDC,
 *   Lambda) gets these rules too, and one without a name is refused.
 */
import { util, type Identity } from '@aws-appsync/utils';
import { idProblem } from './validation';

export const ADMINS_GROUP = 'admins';

/** util.authType() of the callers that may act for any user. */
const PRIVILEGED_AUTH_TYPES = ['API Key Authorization', 'IAM Authorization'];

/** What the rules read of a signed-in caller's identity (never trusted to be well-formed). */
type SignedInIdentity = { username?: unknown; groups?: unknown; claims?: unknown };

/**
 * The user a field acts for.
 * @param identity `ctx.identity`
 * @param given the `user_id` argument (undefined or null when omitted)
 * @param required whether API-key and IAM callers must give it (then an admin's omission means
 *   themselves); when not required an omission from them or from an admin stays null
 * @returns the user id to use (still to be validated), or null when omitted and not filled in
 */
export function actingUserId(identity: Identity, given: string | null | undefined, required: boolean): string | null {
  const omitted = given === undefined || given === null;
  if (PRIVILEGED_AUTH_TYPES.indexOf(util.authType()) >= 0) {
    return omitted ? null : given;
  }
  const signedIn = (identity ?? {}) as SignedInIdentity;
  const name = callerName(signedIn);
  if (name === null) {
    return util.unauthorized();
  }
  if (isAdmin(signedIn)) {
    if (!omitted) {
      return given;
    }
    return required ? name : null;
  }
  if (omitted || given === name) {
    return name;
  }
  return util.unauthorized();
}

/**
 * `user_id` after actingUserId: only API-key and IAM callers can leave it null where it is
 * required, and for them that is a ValidationError naming the field.
 */
export function requiredUserIdProblem(userId: string | null): string | null {
  if (userId === null) {
    return 'user_id is required for API-key and IAM callers (only a signed-in user may omit it)';
  }
  return idProblem('user_id', userId);
}

/**
 * A signed-in user's name: the id token's `cognito:username`, else the access token's `username`
 * (the contract), else AppSync's `identity.username`, which is the same value.
 */
function callerName(identity: SignedInIdentity): string | null {
  const claims = claimsOf(identity);
  const candidates = [claims['cognito:username'], claims.username, identity.username];
  const name = candidates.find((value) => typeof value === 'string' && value.length > 0);
  return typeof name === 'string' ? name : null;
}

/** In group `admins`: AppSync's `identity.groups`, or the token's `cognito:groups` claim. */
function isAdmin(identity: SignedInIdentity): boolean {
  return holdsAdmins(identity.groups) || holdsAdmins(claimsOf(identity)['cognito:groups']);
}

function claimsOf(identity: { claims?: unknown }): Record<string, unknown> {
  const claims = identity.claims;
  return typeof claims === 'object' && claims !== null ? (claims as Record<string, unknown>) : {};
}

/** A list of group names that holds `admins` (a string is not a list: no substring matches). */
function holdsAdmins(groups: unknown): boolean {
  if (typeof groups !== 'object' || groups === null) {
    return false;
  }
  const list = groups as { some?: unknown };
  return typeof list.some === 'function' && (groups as unknown[]).some((group) => group === ADMINS_GROUP);
}
