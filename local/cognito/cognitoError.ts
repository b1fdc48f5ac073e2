/**
 * An Amazon Cognito error as its JSON protocol sends it: HTTP 400 with `{"__type", "message"}`,
 * which the AWS SDK turns into the exception class of that name
 * (https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/CommonErrors.html).
 */
export class CognitoError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

export const incorrectCredentials = (): CognitoError => new CognitoError('NotAuthorizedException', 'Incorrect username or password.');
export const userNotFound = (): CognitoError => new CognitoError('UserNotFoundException', 'User does not exist.');
export const invalidParameter = (message: string): CognitoError => new CognitoError('InvalidParameterException', message);

/**
 * The stack's password policy (infra/lib/OrdersUserPool.ts: 12+ characters with upper and lower
 * case letters, digits and symbols), so a password the local pool takes is one AWS takes, with
 * Cognito's wordings (InvalidPasswordException in the SignUp / AdminSetUserPassword references).
 */
export const MIN_PASSWORD_LENGTH = 12;

export function checkPasswordPolicy(password: string): void {
  const fail = (why: string): CognitoError => new CognitoError('InvalidPasswordException', `Password did not conform with policy: ${why}`);
  if (password.length < MIN_PASSWORD_LENGTH) throw fail('Password not long enough');
  if (!/[A-Z]/.test(password)) throw fail('Password must have uppercase characters');
  if (!/[a-z]/.test(password)) throw fail('Password must have lowercase characters');
  if (!/[0-9]/.test(password)) throw fail('Password must have numeric characters');
  if (!/[\^$*.[\]{}()?"!@#%&/\\,><':;|_~`=+\- ]/.test(password)) throw fail('Password must have symbol characters');
}
