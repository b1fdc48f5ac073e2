/**
 * Cognito's request rate quotas, per category of operation, as one token bucket each (a second's
 * worth of requests, refilled at the quota's rate): past it an action is TooManyRequestsException
 * "Rate exceeded" (the answer recorded in aws-amplify/amplify-js#3554), before any work is done.
 * Default quotas (requests per second), https://docs.aws.amazon.com/cognito/latest/developerguide/quotas.html:
 * UserAuthentication 120 (InitiateAuth), with RespondToAuthChallenge "subject to a separate quota
 * that is three times the UserAuthentication category limit"; UserCreation 50 (SignUp,
 * AdminCreateUser); UserRead 120 (GetUser); UserAccountRecovery 30 ("change or update a user's
 * password": AdminSetUserPassword); UserResourceUpdate 25 ("update user resource information,
 * such as group": AdminAddUserToGroup, AdminRemoveUserFromGroup); and, placed the same way, the
 * actions served since: ConfirmSignUp (UserCreation), ForgotPassword, ConfirmForgotPassword and
 * ChangePassword (UserAccountRecovery), GlobalSignOut and AdminUserGlobalSignOut
 * (UserAuthentication), AdminGetUser and AdminListGroupsForUser (UserRead), ListUsers (UserList, 30)
 * and AdminDeleteUser (UserUpdate, 25) — inferred from the categories' names and descriptions.
 * AWS counts per account and Region; locally the one pool is the account.
 */
import { CognitoError } from './cognitoError.js';

const QUOTAS: Record<string, { category: string; perSecond: number }> = {
  InitiateAuth: { category: 'UserAuthentication', perSecond: 120 },
  RespondToAuthChallenge: { category: 'UserAuthentication challenges', perSecond: 360 },
  SignUp: { category: 'UserCreation', perSecond: 50 },
  AdminCreateUser: { category: 'UserCreation', perSecond: 50 },
  GetUser: { category: 'UserRead', perSecond: 120 },
  AdminSetUserPassword: { category: 'UserAccountRecovery', perSecond: 30 },
  AdminAddUserToGroup: { category: 'UserResourceUpdate', perSecond: 25 },
  AdminRemoveUserFromGroup: { category: 'UserResourceUpdate', perSecond: 25 },
  ConfirmSignUp: { category: 'UserCreation', perSecond: 50 },
  ForgotPassword: { category: 'UserAccountRecovery', perSecond: 30 },
  ConfirmForgotPassword: { category: 'UserAccountRecovery', perSecond: 30 },
  ChangePassword: { category: 'UserAccountRecovery', perSecond: 30 },
  GlobalSignOut: { category: 'UserAuthentication', perSecond: 120 },
  AdminUserGlobalSignOut: { category: 'UserAuthentication', perSecond: 120 },
  AdminGetUser: { category: 'UserRead', perSecond: 120 },
  AdminListGroupsForUser: { category: 'UserRead', perSecond: 120 },
  ListUsers: { category: 'UserList', perSecond: 30 },
  AdminDeleteUser: { category: 'UserUpdate', perSecond: 25 },
};

interface Bucket {
  tokens: number;
  at: number;
}

export class RequestQuotas {
  private readonly buckets = new Map<string, Bucket>();

  /** `now`: milliseconds from any fixed point (tests give their own clock). */
  constructor(private readonly now: () => number = () => performance.now()) {}

  /** Takes one request of `action` from its category's bucket, or throws TooManyRequestsException. */
  take(action: string): void {
    const quota = QUOTAS[action];
    if (!quota) return;
    const now = this.now();
    const bucket = this.buckets.get(quota.category) ?? { tokens: quota.perSecond, at: now };
    bucket.tokens = Math.min(quota.perSecond, bucket.tokens + ((now - bucket.at) / 1000) * quota.perSecond);
    bucket.at = now;
    this.buckets.set(quota.category, bucket);
    if (bucket.tokens < 1) throw tooManyRequests();
    bucket.tokens -= 1;
  }
}

export const tooManyRequests = (): CognitoError => new CognitoError('TooManyRequestsException', 'Rate exceeded');
