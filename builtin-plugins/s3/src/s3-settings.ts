import { isAbsolute } from 'node:path';
import type { JsonObject, ValidationIssue } from '@timelocker/plugin-api';

/** A repository's S3 settings, read leniently: `validateSettings` says what is wrong with them. */
export interface S3Settings {
  readonly endpoint: string;
  readonly bucket: string;
  /** Without leading or trailing '/'; '' for the bucket root. */
  readonly prefix: string;
  readonly region?: string;
  readonly pathStyle?: boolean;
  readonly caCertFile?: string;
  readonly storageClass?: string;
  readonly allowInsecureHttp: boolean;
}

const AWS_GLOBAL_ENDPOINT = 'https://s3.amazonaws.com';
const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const IP_ADDRESS = /^\d+\.\d+\.\d+\.\d+$/;

function stringOf(config: JsonObject, key: string): string | undefined {
  const value = config[key];
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

function booleanOf(config: JsonObject, key: string): boolean | undefined {
  const value = config[key];
  return typeof value === 'boolean' ? value : undefined;
}

export function readSettings(config: JsonObject): S3Settings {
  const region = stringOf(config, 'region');
  return {
    endpoint: stringOf(config, 'endpoint') ?? (region ? `https://s3.${region}.amazonaws.com` : AWS_GLOBAL_ENDPOINT),
    bucket: stringOf(config, 'bucket') ?? '',
    prefix: (stringOf(config, 'prefix') ?? '').replace(/^\/+|\/+$/g, ''),
    region,
    pathStyle: booleanOf(config, 'pathStyle'),
    caCertFile: stringOf(config, 'caCertFile'),
    storageClass: stringOf(config, 'storageClass'),
    allowInsecureHttp: booleanOf(config, 'allowInsecureHttp') ?? false,
  };
}

/** The endpoint as a URL, or undefined when it is not an http(s) URL without path, query or credentials. */
export function endpointUrl(settings: S3Settings): URL | undefined {
  let url: URL;
  try {
    url = new URL(settings.endpoint);
  } catch {
    return undefined;
  }
  const plain = url.username === '' && url.password === '' && (url.pathname === '/' || url.pathname === '') && url.search === '' && url.hash === '';
  return (url.protocol === 'https:' || url.protocol === 'http:') && plain ? url : undefined;
}

export function usesPlainHttp(settings: S3Settings): boolean {
  return endpointUrl(settings)?.protocol === 'http:';
}

export function insecureHttpWarning(settings: S3Settings): string {
  return `endpoint ${settings.endpoint} is plain http (allowInsecureHttp is set): data in transit is not protected by TLS; `
    + 'restic still encrypts the backup content, but request metadata and the access key ID travel in the clear';
}

function endpointIssues(settings: S3Settings): ValidationIssue[] {
  const url = endpointUrl(settings);
  if (!url) {
    return [{ path: '/endpoint', message: `endpoint must be an https:// URL with host and optional port only (no path, query or user info), got "${settings.endpoint}"` }];
  }
  if (url.protocol !== 'http:') return [];
  if (!settings.allowInsecureHttp) {
    return [{
      path: '/endpoint',
      message: `endpoint ${settings.endpoint} uses plain http: data in transit must be protected by TLS, so use https://. `
        + 'To accept an unencrypted connection anyway, set "allowInsecureHttp": true (CLI: --allow-insecure-http).',
    }];
  }
  return [{ path: '/endpoint', message: insecureHttpWarning(settings), severity: 'warning' }];
}

function bucketIssues(bucket: string): ValidationIssue[] {
  if (bucket === '') return [{ path: '/bucket', message: 'bucket is required' }];
  if (!BUCKET_NAME.test(bucket) || bucket.includes('..') || IP_ADDRESS.test(bucket)) {
    return [{
      path: '/bucket',
      message: `"${bucket}" is not a valid bucket name: use 3-63 lowercase letters, digits, '.' and '-', starting and ending with a letter or digit, no "..", not an IP address`,
    }];
  }
  return [];
}

export function validateSettings(config: JsonObject): ValidationIssue[] {
  const settings = readSettings(config);
  const issues = [...endpointIssues(settings), ...bucketIssues(settings.bucket)];
  if (settings.caCertFile !== undefined && !isAbsolute(settings.caCertFile)) {
    issues.push({ path: '/caCertFile', message: `caCertFile must be an absolute path, got "${settings.caCertFile}"` });
  }
  if (settings.prefix.split('/').some((part) => part === '' || part === '.' || part === '..') && settings.prefix !== '') {
    issues.push({ path: '/prefix', message: `prefix "${settings.prefix}" has an empty, "." or ".." segment` });
  }
  return issues;
}
