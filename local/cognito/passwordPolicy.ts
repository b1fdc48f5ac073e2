/**
 * The pool's password policy (definitions/userPool.ts, the stack's: 12+ characters with upper and
 * lower case letters, digits and symbols), so a password the local pool takes is one AWS takes,
 * with Cognito's wordings (InvalidPasswordException in the SignUp / AdminSetUserPassword
 * references), and Cognito's longest password, 256 characters
 * (https://docs.aws.amazon.com/cognito/latest/developerguide/quotas.html).
 */
import { userPoolDefinition, type UserPoolDefinition } from '../../definitions/userPool.js';
import { CognitoError, tooLong } from './cognitoError.js';
import { MAX_PASSWORD_LENGTH } from './password.js';

/** `parameter`: the request member, as validation messages name it (`password`, `temporaryPassword`). */
export function checkPassword(
  password: string,
  parameter: string,
  policy: UserPoolDefinition['passwordPolicy'] = userPoolDefinition.passwordPolicy,
): void {
  if (password.length > MAX_PASSWORD_LENGTH) throw tooLong(parameter, MAX_PASSWORD_LENGTH);
  const fail = (why: string): CognitoError => new CognitoError('InvalidPasswordException', `Password did not conform with policy: ${why}`);
  if (password.length < policy.minLength) throw fail('Password not long enough');
  if (policy.requireUppercase && !/[A-Z]/.test(password)) throw fail('Password must have uppercase characters');
  if (policy.requireLowercase && !/[a-z]/.test(password)) throw fail('Password must have lowercase characters');
  if (policy.requireDigits && !/[0-9]/.test(password)) throw fail('Password must have numeric characters');
  if (policy.requireSymbols && !/[\^$*.[\]{}()?"!@#%&/\\,><':;|_~`=+\- ]/.test(password))
    throw fail('Password must have symbol characters');
}
