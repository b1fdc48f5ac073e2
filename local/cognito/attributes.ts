/**
 * User attributes: which a request may write, and which become id-token claims. Cognito keeps its
 * own names for itself — `sub`, `cognito:*`, `identities` — and takes only the pool's schema: the
 * standard attributes, `custom:` ones the pool declares, and the `*_verified` flags, which only an
 * administrator sets. Anything else is refused with NotAuthorizedException "A client attempted to
 * write unauthorized attribute" (recorded for an attribute outside the schema, aws/aws-sdk-js#1319,
 * and for `email_verified` in SignUp, aws/aws-sdk-js#3603). Issue 24: `cognito:username` written at
 * sign-up made the id token name another user.
 * Sizes, from the API reference's AttributeType (name 1–32 characters, value up to 2048:
 * https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_AttributeType.html),
 * refused as the API's validation refuses them: InvalidParameterException, "1 validation error
 * detected: Value at '…' failed to satisfy constraint: …".
 */
import { STANDARD_ATTRIBUTES, VERIFIED_ATTRIBUTES, type UserPoolDefinition } from '../../definitions/userPool.js';
import { isJsonObject } from '../jsonObject.js';
import { CognitoError, invalidParameter, tooLong } from './cognitoError.js';

/** The app client (SignUp, a NEW_PASSWORD_REQUIRED answer) or an IAM-signed administrator (AdminCreateUser). */
export type AttributeWriter = 'client' | 'admin';

const MAX_NAME = 32;
export const MAX_VALUE = 2048;

const unauthorized = (): CognitoError => new CognitoError('NotAuthorizedException', 'A client attempted to write unauthorized attribute');

function schemaNames(definition: UserPoolDefinition, writer: AttributeWriter): Set<string> {
  const custom = definition.customAttributes.map((name) => `custom:${name}`);
  return new Set(
    writer === 'client' ? [...definition.clientWriteAttributes, ...custom] : [...STANDARD_ATTRIBUTES, ...VERIFIED_ATTRIBUTES, ...custom],
  );
}

/**
 * `UserAttributes` (`[{Name, Value}]`, `parameter` names it in messages) as a record, when every
 * entry is one `writer` may write; otherwise Cognito's error. Sizes are checked first, as the API's
 * validation runs before the operation.
 */
export function writableAttributes(
  list: unknown,
  writer: AttributeWriter,
  definition: UserPoolDefinition,
  parameter = 'userAttributes',
): Record<string, string> {
  if (list === undefined || list === null) return {};
  if (!Array.isArray(list))
    throw invalidParameter(`1 validation error detected: Value at '${parameter}' failed to satisfy constraint: Member must be a list`);
  const entries = list.map((entry: unknown, i) => {
    const member = `${parameter}.${i + 1}.member`;
    const name = isJsonObject(entry) ? entry.Name : undefined;
    const value = isJsonObject(entry) ? (entry.Value ?? '') : undefined;
    if (typeof name !== 'string' || name === '')
      throw invalidParameter(
        `1 validation error detected: Value at '${member}.name' failed to satisfy constraint: Member must not be null`,
      );
    if (typeof value !== 'string')
      throw invalidParameter(
        `1 validation error detected: Value at '${member}.value' failed to satisfy constraint: Member must be a string`,
      );
    if (name.length > MAX_NAME) throw tooLong(`${member}.name`, MAX_NAME);
    if (value.length > MAX_VALUE) throw tooLong(`${member}.value`, MAX_VALUE);
    return [name, value] as const;
  });
  const allowed = schemaNames(definition, writer);
  for (const [name] of entries) if (!allowed.has(name)) throw unauthorized();
  return Object.fromEntries(entries);
}

/**
 * A user's attributes as id-token claims: the schema's only (whatever an older version stored), the
 * `*_verified` flags as booleans as Cognito writes them. The caller puts Cognito's own claims after
 * these, so no attribute can stand in for one.
 */
export function attributeClaims(attributes: Record<string, string>, definition: UserPoolDefinition): Record<string, unknown> {
  const schema = schemaNames(definition, 'admin');
  const claims: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(attributes)) {
    if (schema.has(name)) claims[name] = name.endsWith('_verified') ? value === 'true' : value;
  }
  return claims;
}
