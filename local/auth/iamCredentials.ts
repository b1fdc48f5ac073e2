/**
 * The local runtime's IAM principal: one access key, made on first start and kept in
 * `DATA_DIR/iam-credentials.json` (owner-only, never through a link), in the JSON that the AWS CLI and SDKs read from a
 * `credential_process` (https://docs.aws.amazon.com/sdkref/latest/guide/feature-process-credentials.html):
 * `{"Version": 1, "AccessKeyId": …, "SecretAccessKey": …}`. A SigV4-signed request is admitted as
 * AWS_IAM only when it is signed with this key (local/auth/sigv4Verifier.ts) — as AppSync admits
 * only a signature it can verify, and only for a principal its IAM knows.
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { keptFile } from '../files/ownerOnlyFile.js';
import { isJsonObject } from '../jsonObject.js';

export interface IamCredentials {
  accessKeyId: string;
  secretAccessKey: string;
}

/** The local AWS account: the local IAM user's, and API Gateway's `$context.accountId`. */
export const LOCAL_ACCOUNT_ID = '000000000000';

/** The IAM user the local key belongs to, as `ctx.identity` names it. */
export const LOCAL_IAM_USER_NAME = 'local-developer';

export const IAM_CREDENTIALS_FILE = 'iam-credentials.json';

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** `AKIA` + 16 base-32 characters, the shape of a long-term access key id. */
function newAccessKeyId(): string {
  return `AKIA${[...randomBytes(16)].map((byte) => BASE32[byte % 32]).join('')}`;
}

/** A new key, as the file holds it. */
function newCredentialsFile(): string {
  const file = { Version: 1, AccessKeyId: newAccessKeyId(), SecretAccessKey: randomBytes(30).toString('base64') };
  return `${JSON.stringify(file, null, 2)}\n`;
}

/**
 * Reads the kept key, or makes one (exclusively: two starts at once keep the same key); a damaged
 * file is an error (never silently replaced: clients hold the old key), and so is a link there.
 */
export function keptIamCredentials(dataDir: string): IamCredentials {
  const path = join(dataDir, IAM_CREDENTIALS_FILE);
  let parsed: unknown;
  try {
    parsed = JSON.parse(keptFile(path, newCredentialsFile));
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error;
  }
  const id = isJsonObject(parsed) ? parsed.AccessKeyId : undefined;
  const secret = isJsonObject(parsed) ? parsed.SecretAccessKey : undefined;
  if (typeof id === 'string' && /^[A-Z0-9]{16,128}$/.test(id) && typeof secret === 'string' && secret.length >= 16)
    return { accessKeyId: id, secretAccessKey: secret };
  throw new Error(`${path} is not {"Version": 1, "AccessKeyId": "...", "SecretAccessKey": "..."}: fix it, or delete it for a new key`);
}
