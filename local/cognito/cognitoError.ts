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

/** A request member failing the API's own validation, in its wording (members named as the API names them). */
export const tooLong = (member: string, max: number): CognitoError =>
  invalidParameter(
    `1 validation error detected: Value at '${member}' failed to satisfy constraint: Member must have length less than or equal to ${max}`,
  );
