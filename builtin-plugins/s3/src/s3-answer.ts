import type { ConnectionTestResult } from '@timelocker/plugin-api';
import type { S3Settings } from './s3-settings.js';

export interface S3Answer {
  readonly statusCode: number;
  /** `x-amz-bucket-region`, which AWS sends when the region is wrong. */
  readonly bucketRegion?: string;
  readonly body: string;
}

const CREATE_BUCKET_HINT = 'timelocker repo init <name> creates the bucket and the restic repository in it';
const INIT_HINT = 'timelocker repo init <name> creates the restic repository';

function xmlElement(body: string, name: string): string | undefined {
  return new RegExp(`<${name}>([^<]*)</${name}>`).exec(body)?.[1];
}

/** restic's `config` object marks an initialized repository. */
export function configKey(settings: S3Settings): string {
  return settings.prefix ? `${settings.prefix}/config` : 'config';
}

const XML_ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function listedKeys(body: string): string[] {
  return [...body.matchAll(/<Key>([^<]*)<\/Key>/g)].map((m) => m[1]!.replace(/&(amp|lt|gt|quot|apos);/g, (_, name: string) => XML_ENTITIES[name]!));
}

function where(settings: S3Settings): string {
  return `bucket "${settings.bucket}" at ${settings.endpoint}`;
}

function regionProblem(settings: S3Settings, answer: S3Answer): ConnectionTestResult {
  const expected = answer.bucketRegion ?? xmlElement(answer.body, 'Region');
  return {
    status: 'error',
    message: `${where(settings)} lives in another region${expected ? ` (${expected})` : ''} than the one requests are signed for (${settings.region ?? 'us-east-1'})`,
    hint: expected ? `set "region": "${expected}"` : 'set "region" to the bucket\'s region',
  };
}

function errorResult(settings: S3Settings, answer: S3Answer): ConnectionTestResult {
  const code = xmlElement(answer.body, 'Code') ?? '';
  switch (code) {
    case 'NoSuchBucket':
      return { status: 'not-found', message: `${where(settings)} does not exist (NoSuchBucket)`, hint: CREATE_BUCKET_HINT };
    case 'InvalidAccessKeyId':
      return { status: 'auth-failed', message: `the access key ID is not known to ${settings.endpoint} (InvalidAccessKeyId); check the repository's accessKeyId` };
    case 'SignatureDoesNotMatch':
      return { status: 'auth-failed', message: `the secret access key does not belong to the access key ID (SignatureDoesNotMatch); check the repository's secretAccessKey` };
    case 'ExpiredToken':
    case 'InvalidToken':
    case 'TokenRefreshRequired':
      return { status: 'auth-failed', message: `the session token was refused (${code}); temporary credentials expire: renew sessionToken and the keys that came with it` };
    case 'AccessDenied':
    case 'AllAccessDisabled':
      return { status: 'auth-failed', message: `access to ${where(settings)} denied (${code}); the key needs s3:ListBucket, s3:GetObject, s3:PutObject and s3:DeleteObject on it` };
    case 'RequestTimeTooSkewed':
      return { status: 'error', message: `${settings.endpoint} refused the request because this computer's clock is off by more than 15 minutes (RequestTimeTooSkewed)` };
    case 'AuthorizationHeaderMalformed':
    case 'PermanentRedirect':
    case 'IllegalLocationConstraintException':
      return regionProblem(settings, answer);
    default: {
      if (answer.statusCode === 301 || answer.statusCode === 307) return regionProblem(settings, answer);
      const detail = xmlElement(answer.body, 'Message');
      return { status: 'error', message: `${settings.endpoint} answered HTTP ${answer.statusCode}${code ? ` ${code}` : ''}${detail ? `: ${detail}` : ''}` };
    }
  }
}

/** Reads the answer to "list `<prefix>/config` in the bucket": the bucket and, inside it, restic's config object. */
export function interpretS3Answer(settings: S3Settings, answer: S3Answer): ConnectionTestResult {
  if (answer.statusCode !== 200) return errorResult(settings, answer);
  const location = `${where(settings)}${settings.prefix ? ` under prefix "${settings.prefix}"` : ''}`;
  if (listedKeys(answer.body).includes(configKey(settings))) return { status: 'ok', message: `restic repository found in ${location}` };
  return { status: 'not-found', message: `${location} is reachable but holds no restic repository yet`, hint: INIT_HINT };
}
