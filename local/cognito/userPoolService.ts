/**
 * The local user pool: Amazon Cognito's user-pool API actions that sign-in clients use, over the
 * PoolStore, answering with Cognito's shapes and errors (API reference:
 * https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/Welcome.html).
 * One pool, one app client without a secret, users confirmed at sign-up (no e-mail here).
 */
import { randomUUID } from 'node:crypto';
import { isJsonObject } from '../jsonObject.js';
import type { TokenVerifier } from '../auth/tokenVerifier.js';
import { localPoolVerifier } from '../auth/tokenVerifier.js';
import { checkPasswordPolicy, CognitoError, incorrectCredentials, invalidParameter, userNotFound } from './cognitoError.js';
import { passwordMatches, hashPassword } from './password.js';
import { PoolStore, type PoolFile, type StoredUser } from './poolStore.js';
import { issueRefreshToken, issueTokens, publicJwk, readRefreshToken } from './tokens.js';
import { srpChallenge, srpVerify, srpVerifierFor } from './srp.js';

type Body = Record<string, unknown>;

const USERNAME = /^[\p{L}\p{M}\p{S}\p{N}\p{P}]{1,128}$/u;

function str(body: Body, name: string): string {
  const value = body[name];
  if (typeof value !== 'string' || value === '')
    throw invalidParameter(
      `1 validation error detected: Value at '${name.charAt(0).toLowerCase()}${name.slice(1)}' failed to satisfy constraint: Member must not be null`,
    );
  return value;
}

function attributesOf(list: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!Array.isArray(list)) return out;
  for (const a of list) if (isJsonObject(a) && typeof a.Name === 'string' && typeof a.Value === 'string') out[a.Name] = a.Value;
  return out;
}

function attributeList(user: StoredUser): Array<{ Name: string; Value: string }> {
  return [{ Name: 'sub', Value: user.sub }, ...Object.entries(user.attributes).map(([Name, Value]) => ({ Name, Value }))];
}

export class LocalUserPool {
  private issuerUrl = '';
  private tokenVerifier: TokenVerifier | undefined;

  private constructor(
    readonly store: PoolStore,
    private readonly pool: PoolFile,
  ) {}

  static async open(dataDir: string): Promise<LocalUserPool> {
    const store = new PoolStore(dataDir);
    return new LocalUserPool(store, await store.pool());
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

  /** Runs one action; `signed` says whether the request carried SigV4 (the Admin* actions need IAM). */
  async run(action: string, body: Body, signed: boolean): Promise<Body> {
    if (action.startsWith('Admin')) {
      if (!signed) throw new CognitoError('MissingAuthenticationTokenException', 'Missing Authentication Token');
      if (body.UserPoolId !== this.pool.poolId)
        throw new CognitoError('ResourceNotFoundException', `User pool ${String(body.UserPoolId)} does not exist.`);
    }
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
      default:
        throw new CognitoError('UnknownOperationException', `The local user pool does not serve ${action}`);
    }
  }

  private checkClient(body: Body): void {
    const clientId = str(body, 'ClientId');
    if (clientId !== this.pool.clientId)
      throw new CognitoError('ResourceNotFoundException', `User pool client ${clientId} does not exist.`);
  }

  private newUser(username: string, password: string, attributes: Record<string, string>, status: StoredUser['status']): StoredUser {
    if (!USERNAME.test(username))
      throw invalidParameter(
        "1 validation error detected: Value at 'username' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]+",
      );
    if (this.store.user(username)) throw new CognitoError('UsernameExistsException', 'User already exists');
    checkPasswordPolicy(password);
    const user = this.store.newUser(username, password, attributes, status);
    user.srp = srpVerifierFor(this.pool.poolId, username, password);
    return user;
  }

  /** Stores a new user; the name may have been taken since `newUser` checked it (another process). */
  private add(user: StoredUser): void {
    if (!this.store.addUser(user)) throw new CognitoError('UsernameExistsException', 'User already exists');
  }

  /** SignUp: confirmed at once locally (Cognito would send a code; there is no mail here). */
  private signUp(body: Body): Body {
    this.checkClient(body);
    const user = this.newUser(str(body, 'Username'), str(body, 'Password'), attributesOf(body.UserAttributes), 'CONFIRMED');
    this.add(user);
    return { UserConfirmed: true, UserSub: user.sub };
  }

  private async initiateAuth(body: Body): Promise<Body> {
    this.checkClient(body);
    const flow = str(body, 'AuthFlow');
    const params = isJsonObject(body.AuthParameters) ? (body.AuthParameters as Record<string, unknown>) : {};
    if (flow === 'USER_PASSWORD_AUTH') {
      const user = this.store.user(String(params.USERNAME ?? ''));
      if (!user || typeof params.PASSWORD !== 'string' || !passwordMatches(params.PASSWORD, user.passwordHash))
        throw incorrectCredentials();
      return this.signedIn(user);
    }
    if (flow === 'USER_SRP_AUTH') {
      const user = this.store.user(String(params.USERNAME ?? ''));
      if (!user?.srp) throw incorrectCredentials();
      if (typeof params.SRP_A !== 'string') throw invalidParameter('Missing required parameter SRP_A');
      return { ChallengeName: 'PASSWORD_VERIFIER', ChallengeParameters: srpChallenge(this.pool.refreshKey, user, params.SRP_A) };
    }
    if (flow === 'REFRESH_TOKEN_AUTH' || flow === 'REFRESH_TOKEN') {
      const session = typeof params.REFRESH_TOKEN === 'string' ? await readRefreshToken(this.pool, params.REFRESH_TOKEN) : null;
      const user = session ? this.store.user(session.username) : undefined;
      if (!session || !user || !user.enabled) throw new CognitoError('NotAuthorizedException', 'Invalid Refresh Token');
      return {
        ChallengeParameters: {},
        AuthenticationResult: await issueTokens(this.pool, this.issuer, user, session.authTime, session.originJti),
      };
    }
    throw invalidParameter(`${flow} is not enabled for the client.`);
  }

  private async respondToAuthChallenge(body: Body): Promise<Body> {
    this.checkClient(body);
    const responses = isJsonObject(body.ChallengeResponses) ? (body.ChallengeResponses as Record<string, unknown>) : {};
    const user = this.store.user(String(responses.USERNAME ?? ''));
    if (body.ChallengeName === 'PASSWORD_VERIFIER') {
      if (!user?.srp || !srpVerify(this.pool.refreshKey, this.pool.poolId, user, responses)) throw incorrectCredentials();
      return this.signedIn(user);
    }
    if (body.ChallengeName === 'NEW_PASSWORD_REQUIRED') {
      if (!user || user.status !== 'FORCE_CHANGE_PASSWORD' || typeof responses.NEW_PASSWORD !== 'string') throw incorrectCredentials();
      checkPasswordPolicy(responses.NEW_PASSWORD);
      this.setPassword(user, responses.NEW_PASSWORD);
      this.store.saveUser(user);
      return this.signedIn(user);
    }
    throw invalidParameter(`Unsupported challenge ${String(body.ChallengeName)}`);
  }

  private async signedIn(user: StoredUser): Promise<Body> {
    if (!user.enabled) throw new CognitoError('NotAuthorizedException', 'User is disabled.');
    // An admin-created user signs in once with the temporary password, then must set their own.
    if (user.status === 'FORCE_CHANGE_PASSWORD') {
      return {
        ChallengeName: 'NEW_PASSWORD_REQUIRED',
        Session: randomUUID(),
        ChallengeParameters: { USER_ID_FOR_SRP: user.username, requiredAttributes: '[]', userAttributes: JSON.stringify(user.attributes) },
      };
    }
    const authTime = Math.floor(Date.now() / 1000);
    const originJti = randomUUID();
    const result = await issueTokens(this.pool, this.issuer, user, authTime, originJti);
    return {
      ChallengeParameters: {},
      AuthenticationResult: { ...result, RefreshToken: await issueRefreshToken(this.pool, user.username, authTime, originJti) },
    };
  }

  private async getUser(body: Body): Promise<Body> {
    const claims = await this.verifier.verify(str(body, 'AccessToken'), ['access']);
    const user = claims && typeof claims.username === 'string' ? this.store.user(claims.username) : undefined;
    if (!user || user.sub !== claims?.sub) throw new CognitoError('NotAuthorizedException', 'Invalid Access Token');
    return { Username: user.username, UserAttributes: attributeList(user) };
  }

  private adminCreateUser(body: Body): Body {
    const permanent = typeof body.TemporaryPassword !== 'string';
    const password = permanent ? `${randomUUID()}Aa1!` : (body.TemporaryPassword as string);
    const user = this.newUser(str(body, 'Username'), password, attributesOf(body.UserAttributes), 'FORCE_CHANGE_PASSWORD');
    this.add(user);
    return { User: this.userType(user) };
  }

  private adminSetUserPassword(body: Body): Body {
    const user = this.store.user(str(body, 'Username'));
    if (!user) throw userNotFound();
    const password = str(body, 'Password');
    checkPasswordPolicy(password);
    this.setPassword(user, password);
    user.status = body.Permanent === true ? 'CONFIRMED' : 'FORCE_CHANGE_PASSWORD';
    this.store.saveUser(user);
    return {};
  }

  private adminAddUserToGroup(body: Body): Body {
    const user = this.store.user(str(body, 'Username'));
    const group = str(body, 'GroupName');
    if (!user) throw userNotFound();
    if (!this.pool.groups.includes(group)) throw new CognitoError('ResourceNotFoundException', 'Group not found.');
    if (!user.groups.includes(group)) user.groups.push(group);
    this.store.saveUser(user);
    return {};
  }

  private setPassword(user: StoredUser, password: string): void {
    user.passwordHash = hashPassword(password);
    user.srp = srpVerifierFor(this.pool.poolId, user.username, password);
    user.status = 'CONFIRMED';
  }

  private userType(user: StoredUser): Body {
    const created = user.created / 1000;
    return {
      Username: user.username,
      Attributes: attributeList(user),
      UserCreateDate: created,
      UserLastModifiedDate: created,
      Enabled: user.enabled,
      UserStatus: user.status,
    };
  }
}
