/**
 * The local user pool: Amazon Cognito's user-pool API actions that sign-in clients use, over the
 * PoolStore, answering with Cognito's shapes and errors (API reference:
 * https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/Welcome.html).
 * One pool, one app client without a secret, set up as definitions/userPool.ts says — the stack's
 * pool: no self sign-up (an administrator adds users: `npm run user`), its password policy, its
 * groups, what the client may write, and no answer that tells an unknown user from a wrong password
 * (preventUserExistenceErrors). Each action first takes its place in Cognito's request quotas
 * (requestQuotas.ts); password and SRP work runs off the main thread (cryptoWork.ts).
 */
import { createHmac, randomUUID } from 'node:crypto';
import { userPoolDefinition, type UserPoolDefinition } from '../../definitions/userPool.js';
import type { TokenVerifier } from '../auth/tokenVerifier.js';
import { localPoolVerifier } from '../auth/tokenVerifier.js';
import { isJsonObject } from '../jsonObject.js';
import { writableAttributes } from './attributes.js';
import { CognitoError, incorrectCredentials, invalidParameter, tooLong, userNotFound } from './cognitoError.js';
import { checkCode, codeMismatch, maskedEmail, newCode, type CodePurpose } from './confirmationCodes.js';
import { CryptoBusy, sharedCryptoWork, type CryptoWork } from './cryptoWork.js';
import { hashPassword, passwordMatches } from './password.js';
import { checkPassword } from './passwordPolicy.js';
import { PoolStore, type PoolFile, type StoredUser } from './poolStore.js';
import { RequestQuotas, tooManyRequests } from './requestQuotas.js';
import { seal, unseal } from './sealed.js';
import { fakeVerifier, srpChallenge, srpVerifierFor, srpVerify, validSrpA, type SrpVerifier } from './srp.js';
import { issueRefreshToken, issueTokens, publicJwk, readRefreshToken } from './tokens.js';
import { newSessionId, sessionRevoked } from './sessions.js';
import { listUsers } from './userList.js';

type Body = Record<string, unknown>;

const MAX_USERNAME = 128;
const USERNAME = /^[\p{L}\p{M}\p{S}\p{N}\p{P}]+$/u;
/** Cognito's default AuthSessionValidity: a NEW_PASSWORD_REQUIRED session lasts 3 minutes (CreateUserPoolClient reference). */
const SESSION_SECONDS = 180;

function str(body: Body, name: string): string {
  const value = body[name];
  if (typeof value !== 'string' || value === '')
    throw invalidParameter(
      `1 validation error detected: Value at '${name.charAt(0).toLowerCase()}${name.slice(1)}' failed to satisfy constraint: Member must not be null`,
    );
  return value;
}

function attributeList(user: StoredUser): Array<{ Name: string; Value: string }> {
  return [{ Name: 'sub', Value: user.sub }, ...Object.entries(user.attributes).map(([Name, Value]) => ({ Name, Value }))];
}

/** `userAttributes.<name>` entries of a NEW_PASSWORD_REQUIRED answer, as a `[{Name, Value}]` list. */
function challengeAttributes(responses: Record<string, unknown>): Array<{ Name: string; Value: unknown }> {
  return Object.entries(responses)
    .filter(([key]) => key.startsWith('userAttributes.'))
    .map(([key, Value]) => ({ Name: key.slice('userAttributes.'.length), Value }));
}

export interface PoolOptions {
  definition?: UserPoolDefinition;
  crypto?: CryptoWork;
  quotas?: RequestQuotas;
  /** Where the codes Cognito would mail are written: the server's stderr. */
  deliver?: (line: string) => void;
}

/**
 * Actions Cognito authorizes with IAM credentials: the `Admin*` ones and the listing of users
 * ("Amazon Cognito evaluates IAM policies in requests for this API operation", in each action's
 * API reference, e.g. https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_ListUsers.html).
 */
export function requiresIam(action: string): boolean {
  return action.startsWith('Admin') || action === 'ListUsers';
}

export class LocalUserPool {
  private issuerUrl = '';
  private tokenVerifier: TokenVerifier | undefined;

  private constructor(
    readonly store: PoolStore,
    private readonly pool: PoolFile,
    private readonly definition: UserPoolDefinition,
    private readonly crypto: CryptoWork,
    private readonly quotas: RequestQuotas,
    private readonly deliver: (line: string) => void,
  ) {}

  static async open(dataDir: string, options: PoolOptions = {}): Promise<LocalUserPool> {
    const store = new PoolStore(dataDir);
    return new LocalUserPool(
      store,
      await store.pool(),
      options.definition ?? userPoolDefinition,
      options.crypto ?? sharedCryptoWork,
      options.quotas ?? new RequestQuotas(),
      options.deliver ?? ((line) => console.error(line)),
    );
  }

  get poolId(): string {
    return this.pool.poolId;
  }
  get clientId(): string {
    return this.pool.clientId;
  }
  /** `<base URL>/<poolId>`, as AWS's is `https://cognito-idp.<region>.amazonaws.com/<poolId>`. */
  get issuer(): string {
    return this.issuerUrl;
  }

  /** Called once the server listens and its URL is known. */
  setBaseUrl(baseUrl: string): void {
    this.issuerUrl = `${baseUrl}/${this.pool.poolId}`;
    this.tokenVerifier = localPoolVerifier(this.issuerUrl, this.pool.clientId, publicJwk(this.pool.signingKey));
  }

  get verifier(): TokenVerifier {
    if (!this.tokenVerifier) throw new Error('LocalUserPool: setBaseUrl was not called');
    return this.tokenVerifier;
  }

  jwks(): { keys: unknown[] } {
    return { keys: [publicJwk(this.pool.signingKey)] };
  }

  /**
   * Runs one action. `admin`: the caller may run the Admin* actions — a request whose SigV4
   * signature verified against the local IAM key (userPoolRoute.ts), or a process that can write
   * DATA_DIR itself (`npm run user`).
   */
  async run(action: string, body: Body, admin: boolean): Promise<Body> {
    this.quotas.take(action);
    if (requiresIam(action)) {
      if (!admin) throw new CognitoError('MissingAuthenticationTokenException', 'Missing Authentication Token');
      if (body.UserPoolId !== this.pool.poolId)
        throw new CognitoError('ResourceNotFoundException', `User pool ${String(body.UserPoolId)} does not exist.`);
    }
    try {
      return await this.dispatch(action, body);
    } catch (error) {
      // The crypto thread's queue is full: the pool is busier than it answers, as a throttled Cognito says.
      if (error instanceof CryptoBusy) throw tooManyRequests();
      throw error;
    }
  }

  private dispatch(action: string, body: Body): Promise<Body> {
    switch (action) {
      case 'SignUp':
        return this.signUp(body);
      case 'InitiateAuth':
        return this.initiateAuth(body);
      case 'RespondToAuthChallenge':
        return this.respondToAuthChallenge(body);
      case 'GetUser':
        return this.getUser(body);
      case 'AdminCreateUser':
        return this.adminCreateUser(body);
      case 'AdminSetUserPassword':
        return this.adminSetUserPassword(body);
      case 'AdminAddUserToGroup':
        return this.adminAddUserToGroup(body);
      case 'ConfirmSignUp':
        return this.confirmSignUp(body);
      case 'ForgotPassword':
        return this.forgotPassword(body);
      case 'ConfirmForgotPassword':
        return this.confirmForgotPassword(body);
      case 'ChangePassword':
        return this.changePassword(body);
      case 'GlobalSignOut':
        return this.globalSignOut(body);
      case 'ListUsers':
        return Promise.resolve(listUsers(this.store.users(), body, (user) => this.userType(user)));
      case 'AdminGetUser':
        return Promise.resolve(this.adminGetUser(body));
      case 'AdminDeleteUser':
        return Promise.resolve(this.adminDeleteUser(body));
      case 'AdminRemoveUserFromGroup':
        return Promise.resolve(this.adminRemoveUserFromGroup(body));
      case 'AdminListGroupsForUser':
        return Promise.resolve(this.adminListGroupsForUser(body));
      case 'AdminUserGlobalSignOut':
        return Promise.resolve(this.adminUserGlobalSignOut(body));
      default:
        throw new CognitoError('UnknownOperationException', `The local user pool does not serve ${action}`);
    }
  }

  private checkClient(body: Body): void {
    const clientId = str(body, 'ClientId');
    if (clientId !== this.pool.clientId)
      throw new CognitoError('ResourceNotFoundException', `User pool client ${clientId} does not exist.`);
  }

  private checkUsername(username: string): void {
    if (username.length > MAX_USERNAME) throw tooLong('username', MAX_USERNAME);
    if (!USERNAME.test(username))
      throw invalidParameter(
        "1 validation error detected: Value at 'username' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]+",
      );
  }

  /** A user's password hash and SRP verifier, both computed on the crypto thread. */
  private async secrets(username: string, password: string): Promise<{ passwordHash: string; srp: SrpVerifier }> {
    const [passwordHash, srp] = await Promise.all([
      hashPassword(password, this.crypto),
      srpVerifierFor(this.pool.poolId, username, password, this.crypto),
    ]);
    return { passwordHash, srp };
  }

  /** Stores a new user; the name may be taken (by this or another process): UsernameExistsException. */
  private async addUser(
    username: string,
    password: string,
    attributes: Record<string, string>,
    status: StoredUser['status'],
  ): Promise<StoredUser> {
    if (this.store.user(username)) throw new CognitoError('UsernameExistsException', 'User already exists');
    const { passwordHash, srp } = await this.secrets(username, password);
    const user = this.store.newUser(username, passwordHash, srp, attributes, status);
    if (!this.store.addUser(user)) throw new CognitoError('UsernameExistsException', 'User already exists');
    return user;
  }

  /**
   * SignUp: refused as Cognito refuses it when the pool allows administrators only (recorded answer:
   * `{"__type":"NotAuthorizedException","message":"SignUp is not permitted for this user pool"}`,
   * pmill/aws-cognito#37). Allowed, the user is UNCONFIRMED until ConfirmSignUp with the code
   * Cognito would mail (printed on the server's stderr).
   */
  private async signUp(body: Body): Promise<Body> {
    this.checkClient(body);
    if (!this.definition.selfSignUpEnabled) throw new CognitoError('NotAuthorizedException', 'SignUp is not permitted for this user pool');
    const username = str(body, 'Username');
    this.checkUsername(username);
    const password = str(body, 'Password');
    checkPassword(password, 'password', this.definition.passwordPolicy);
    const attributes = writableAttributes(body.UserAttributes, 'client', this.definition);
    const user = await this.addUser(username, password, attributes, 'UNCONFIRMED');
    return { UserConfirmed: false, UserSub: user.sub, CodeDeliveryDetails: this.sendCode(user, 'ConfirmSignUp') };
  }

  /**
   * The user a sign-in names, or, for a name without one, undefined — answered later exactly as a
   * wrong password is, when the client prevents user existence errors; otherwise Cognito's
   * UserNotFoundException (its LEGACY setting).
   */
  private signInUser(username: unknown): StoredUser | undefined {
    const user = typeof username === 'string' ? this.store.user(username) : undefined;
    if (!user && !this.definition.preventUserExistenceErrors) throw userNotFound();
    return user;
  }

  /** The SRP verifier to challenge `username` with: the user's, or a stable stand-in for a name with none. */
  private srpVerifier(username: string, user: StoredUser | undefined): SrpVerifier {
    return user?.srp ?? fakeVerifier(this.pool.refreshKey, username);
  }

  private async initiateAuth(body: Body): Promise<Body> {
    this.checkClient(body);
    const flow = str(body, 'AuthFlow');
    const params = isJsonObject(body.AuthParameters) ? body.AuthParameters : {};
    if (flow === 'USER_PASSWORD_AUTH') {
      const user = this.signInUser(params.USERNAME);
      // The same scrypt runs for a name without a user: its answer takes as long as a wrong password's.
      const matches = await passwordMatches(String(params.PASSWORD ?? ''), user?.passwordHash, this.crypto);
      if (!user || !matches) throw incorrectCredentials();
      return this.signedIn(user);
    }
    if (flow === 'USER_SRP_AUTH') {
      const username = String(params.USERNAME ?? '');
      const user = this.signInUser(username);
      if (!validSrpA(params.SRP_A)) throw invalidParameter('SRP_A must be a hexadecimal number that is not 0 mod N');
      const parameters = await srpChallenge(this.pool.refreshKey, username, this.srpVerifier(username, user), params.SRP_A, this.crypto);
      return { ChallengeName: 'PASSWORD_VERIFIER', ChallengeParameters: parameters };
    }
    if (flow === 'REFRESH_TOKEN_AUTH' || flow === 'REFRESH_TOKEN') {
      const session = typeof params.REFRESH_TOKEN === 'string' ? await readRefreshToken(this.pool, params.REFRESH_TOKEN) : null;
      const user = session ? this.store.user(session.username) : undefined;
      if (!session || !user || !user.enabled) throw new CognitoError('NotAuthorizedException', 'Invalid Refresh Token');
      if (sessionRevoked(session.originJti, user.signedOutAt))
        throw new CognitoError('NotAuthorizedException', 'Refresh Token has been revoked');
      return {
        ChallengeParameters: {},
        AuthenticationResult: await issueTokens(this.pool, this.issuer, user, session.authTime, session.originJti, this.definition),
      };
    }
    throw invalidParameter(`${flow} is not enabled for the client.`);
  }

  private async respondToAuthChallenge(body: Body): Promise<Body> {
    this.checkClient(body);
    const responses = isJsonObject(body.ChallengeResponses) ? body.ChallengeResponses : {};
    const username = String(responses.USERNAME ?? '');
    if (body.ChallengeName === 'PASSWORD_VERIFIER') {
      const user = this.signInUser(username);
      const verified = await srpVerify(
        this.pool.refreshKey,
        this.pool.poolId,
        username,
        this.srpVerifier(username, user),
        responses,
        this.crypto,
      );
      if (!user || !verified) throw incorrectCredentials();
      return this.signedIn(user);
    }
    if (body.ChallengeName === 'NEW_PASSWORD_REQUIRED') {
      // Only the session this user's sign-in handed out sets the password (without it, anyone could).
      const session = typeof body.Session === 'string' ? unseal(this.pool.refreshKey, body.Session) : null;
      const user = session?.purpose === 'NEW_PASSWORD_REQUIRED' && session.username === username ? this.store.user(username) : undefined;
      if (!user || user.status !== 'FORCE_CHANGE_PASSWORD')
        throw new CognitoError('NotAuthorizedException', 'Invalid session for the user.');
      const password = str(responses, 'NEW_PASSWORD');
      checkPassword(password, 'challengeResponses.NEW_PASSWORD', this.definition.passwordPolicy);
      const attributes = writableAttributes(challengeAttributes(responses), 'client', this.definition, 'challengeResponses');
      Object.assign(user, await this.secrets(user.username, password), { status: 'CONFIRMED' });
      user.attributes = { ...user.attributes, ...attributes };
      this.store.saveUser(user);
      return this.signedIn(user);
    }
    throw invalidParameter(`Unsupported challenge ${String(body.ChallengeName)}`);
  }

  private async signedIn(user: StoredUser): Promise<Body> {
    if (!user.enabled) throw new CognitoError('NotAuthorizedException', 'User is disabled.');
    if (user.status === 'UNCONFIRMED') throw new CognitoError('UserNotConfirmedException', 'User is not confirmed.');
    // An admin-created user signs in once with the temporary password, then must set their own.
    if (user.status === 'FORCE_CHANGE_PASSWORD') {
      const until = Date.now() + SESSION_SECONDS * 1000;
      return {
        ChallengeName: 'NEW_PASSWORD_REQUIRED',
        Session: seal(this.pool.refreshKey, { purpose: 'NEW_PASSWORD_REQUIRED', username: user.username, until }),
        ChallengeParameters: { USER_ID_FOR_SRP: user.username, requiredAttributes: '[]', userAttributes: JSON.stringify(user.attributes) },
      };
    }
    const authTime = Math.floor(Date.now() / 1000);
    // A session begins after the user's last global sign-out, even within its millisecond.
    const originJti = newSessionId(Math.max(Date.now(), (user.signedOutAt ?? 0) + 1));
    const result = await issueTokens(this.pool, this.issuer, user, authTime, originJti, this.definition);
    return {
      ChallengeParameters: {},
      AuthenticationResult: { ...result, RefreshToken: await issueRefreshToken(this.pool, user.username, authTime, originJti) },
    };
  }

  /**
   * The user an access token of this pool names, for the actions a user authorizes with it; a token
   * of a session a global sign-out ended is refused with Cognito's "Access Token has been revoked".
   */
  private async accessTokenUser(body: Body): Promise<StoredUser> {
    const claims = await this.verifier.verify(str(body, 'AccessToken'), ['access']);
    const user = claims && typeof claims.username === 'string' ? this.store.user(claims.username) : undefined;
    if (!user || user.sub !== claims?.sub) throw new CognitoError('NotAuthorizedException', 'Invalid Access Token');
    if (sessionRevoked(claims.origin_jti, user.signedOutAt))
      throw new CognitoError('NotAuthorizedException', 'Access Token has been revoked');
    return user;
  }

  private async getUser(body: Body): Promise<Body> {
    const user = await this.accessTokenUser(body);
    return { Username: user.username, UserAttributes: attributeList(user) };
  }

  /**
   * Writes a new code for `user` where Cognito would mail it (the server's stderr), keeps its HMAC,
   * and answers with where it went, as CodeDeliveryDetails.
   */
  private sendCode(user: StoredUser, purpose: CodePurpose): Body {
    const { code, pending } = newCode(this.pool.refreshKey, user.username, purpose);
    user.pendingCode = pending;
    this.store.saveUser(user);
    this.deliver(`user pool ${this.pool.poolId}: ${purpose} code for ${user.username}: ${code} (Cognito would mail it)`);
    return this.deliveryDetails(user.username, user.attributes.email);
  }

  /**
   * Where a code went. A name with no user gets an answer of the same shape, from an address made up
   * from the name (the same every time): with preventUserExistenceErrors Cognito answers such
   * requests "with a simulated delivery medium" rather than an error
   * (https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pool-managing-errors.html).
   */
  private deliveryDetails(username: string, email: string | undefined): Body {
    const stand = createHmac('sha256', Buffer.from(this.pool.refreshKey, 'base64url')).update(`email\0${username}`).digest('hex');
    const letters = 'abcdefghijklmnopqrstuvwxyz';
    const made = `${letters[parseInt(stand.slice(0, 2), 16) % 26]}@${letters[parseInt(stand.slice(2, 4), 16) % 26]}`;
    return { Destination: maskedEmail(email ?? made), DeliveryMedium: 'EMAIL', AttributeName: 'email' };
  }

  /**
   * ConfirmSignUp (https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_ConfirmSignUp.html):
   * the code SignUp printed confirms an UNCONFIRMED user. A confirmed user is NotAuthorizedException
   * "User cannot be confirmed. Current status is CONFIRMED"; a name with no user is
   * CodeMismatchException, as a wrong code (preventUserExistenceErrors).
   */
  private async confirmSignUp(body: Body): Promise<Body> {
    this.checkClient(body);
    const username = str(body, 'Username');
    const code = str(body, 'ConfirmationCode');
    const user = this.store.user(username);
    if (!user) {
      if (!this.definition.preventUserExistenceErrors) throw userNotFound();
      throw codeMismatch();
    }
    if (user.status !== 'UNCONFIRMED')
      throw new CognitoError('NotAuthorizedException', `User cannot be confirmed. Current status is ${user.status}`);
    const { next, error } = checkCode(this.pool.refreshKey, user.username, user.pendingCode, 'ConfirmSignUp', code);
    user.pendingCode = next;
    if (!error) user.status = 'CONFIRMED';
    this.store.saveUser(user);
    if (error) throw error;
    return {};
  }

  /**
   * ForgotPassword (https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_ForgotPassword.html):
   * a code for ConfirmForgotPassword, printed where Cognito would mail it. Every name gets the same
   * kind of answer, a user or not (preventUserExistenceErrors); only the server's stderr shows codes.
   */
  private async forgotPassword(body: Body): Promise<Body> {
    this.checkClient(body);
    const username = str(body, 'Username');
    this.checkUsername(username);
    const user = this.store.user(username);
    if (!user && !this.definition.preventUserExistenceErrors) throw userNotFound();
    // A user who never set a password (FORCE_CHANGE_PASSWORD) gets no code, as on Cognito, where the
    // request "fails silently and doesn't send the verification code" (aws-amplify/amplify-js#6543):
    // the temporary password's NEW_PASSWORD_REQUIRED session stays the only way in.
    if (!user || !user.enabled || user.status === 'FORCE_CHANGE_PASSWORD')
      return { CodeDeliveryDetails: this.deliveryDetails(username, user?.attributes.email) };
    return { CodeDeliveryDetails: this.sendCode(user, 'ConfirmForgotPassword') };
  }

  /**
   * ConfirmForgotPassword (https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_ConfirmForgotPassword.html):
   * the code and a new password (the pool's policy). A wrong code is CodeMismatchException, an
   * expired or spent one ExpiredCodeException; a name with no user is CodeMismatchException too.
   * The new password ends every session (a reset is for a lost or stolen password: inferred).
   */
  private async confirmForgotPassword(body: Body): Promise<Body> {
    this.checkClient(body);
    const username = str(body, 'Username');
    const code = str(body, 'ConfirmationCode');
    const password = str(body, 'Password');
    checkPassword(password, 'password', this.definition.passwordPolicy);
    const user = this.store.user(username);
    if (!user) {
      if (!this.definition.preventUserExistenceErrors) throw userNotFound();
      throw codeMismatch();
    }
    const { next, error } = checkCode(this.pool.refreshKey, user.username, user.pendingCode, 'ConfirmForgotPassword', code);
    user.pendingCode = next;
    if (error) {
      this.store.saveUser(user);
      throw error;
    }
    Object.assign(user, await this.secrets(user.username, password), { status: 'CONFIRMED', signedOutAt: Date.now() });
    this.store.saveUser(user);
    return {};
  }

  /**
   * ChangePassword (https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_ChangePassword.html):
   * with the user's access token and current password; a wrong one is NotAuthorizedException
   * "Incorrect username or password.".
   */
  private async changePassword(body: Body): Promise<Body> {
    const user = await this.accessTokenUser(body);
    const proposed = str(body, 'ProposedPassword');
    checkPassword(proposed, 'proposedPassword', this.definition.passwordPolicy);
    if (!(await passwordMatches(String(body.PreviousPassword ?? ''), user.passwordHash, this.crypto))) throw incorrectCredentials();
    Object.assign(user, await this.secrets(user.username, proposed));
    this.store.saveUser(user);
    return {};
  }

  /** GlobalSignOut: every session of the user that began before now is revoked (sessions.ts). */
  private async globalSignOut(body: Body): Promise<Body> {
    const user = await this.accessTokenUser(body);
    user.signedOutAt = Date.now();
    this.store.saveUser(user);
    return {};
  }

  private existingUser(body: Body): StoredUser {
    const user = this.store.user(str(body, 'Username'));
    if (!user) throw userNotFound();
    return user;
  }

  /** AdminGetUser (https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_AdminGetUser.html). */
  private adminGetUser(body: Body): Body {
    const { Attributes, ...user } = this.userType(this.existingUser(body));
    return { ...user, UserAttributes: Attributes };
  }

  /** AdminDeleteUser (https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_AdminDeleteUser.html). */
  private adminDeleteUser(body: Body): Body {
    if (!this.store.deleteUser(str(body, 'Username'))) throw userNotFound();
    return {};
  }

  /** AdminRemoveUserFromGroup (https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_AdminRemoveUserFromGroup.html). */
  private adminRemoveUserFromGroup(body: Body): Body {
    const user = this.existingUser(body);
    const group = str(body, 'GroupName');
    if (!this.definition.groups.some((g) => g.name === group)) throw new CognitoError('ResourceNotFoundException', 'Group not found.');
    user.groups = user.groups.filter((g) => g !== group);
    this.store.saveUser(user);
    return {};
  }

  /** AdminListGroupsForUser: the groups as GroupType, from the pool's definition. */
  private adminListGroupsForUser(body: Body): Body {
    const user = this.existingUser(body);
    const Groups = this.definition.groups
      .filter((g) => user.groups.includes(g.name))
      .map((g) => ({ GroupName: g.name, UserPoolId: this.pool.poolId, Description: g.description, Precedence: g.precedence }));
    return { Groups };
  }

  /** AdminUserGlobalSignOut: GlobalSignOut by an administrator. */
  private adminUserGlobalSignOut(body: Body): Body {
    const user = this.existingUser(body);
    user.signedOutAt = Date.now();
    this.store.saveUser(user);
    return {};
  }

  private async adminCreateUser(body: Body): Promise<Body> {
    const username = str(body, 'Username');
    this.checkUsername(username);
    const temporary = typeof body.TemporaryPassword === 'string' ? body.TemporaryPassword : undefined;
    if (temporary !== undefined) checkPassword(temporary, 'temporaryPassword', this.definition.passwordPolicy);
    const attributes = writableAttributes(body.UserAttributes, 'admin', this.definition);
    const user = await this.addUser(username, temporary ?? `${randomUUID()}Aa1!`, attributes, 'FORCE_CHANGE_PASSWORD');
    return { User: this.userType(user) };
  }

  private async adminSetUserPassword(body: Body): Promise<Body> {
    const password = str(body, 'Password');
    checkPassword(password, 'password', this.definition.passwordPolicy);
    const user = this.store.user(str(body, 'Username'));
    if (!user) throw userNotFound();
    Object.assign(user, await this.secrets(user.username, password), {
      status: body.Permanent === true ? 'CONFIRMED' : 'FORCE_CHANGE_PASSWORD',
    });
    this.store.saveUser(user);
    return {};
  }

  private async adminAddUserToGroup(body: Body): Promise<Body> {
    const user = this.store.user(str(body, 'Username'));
    const group = str(body, 'GroupName');
    if (!user) throw userNotFound();
    if (!this.definition.groups.some((g) => g.name === group)) throw new CognitoError('ResourceNotFoundException', 'Group not found.');
    if (!user.groups.includes(group)) user.groups.push(group);
    this.store.saveUser(user);
    return {};
  }

  private userType(user: StoredUser): Body {
    return {
      Username: user.username,
      Attributes: attributeList(user),
      UserCreateDate: user.created / 1000,
      UserLastModifiedDate: (user.modified ?? user.created) / 1000,
      Enabled: user.enabled,
      UserStatus: user.status,
    };
  }
}
