import { isAbsolute } from 'node:path';
import type { JsonObject, ResticLocation, ValidationIssue } from '@timelocker/plugin-api';

export interface RestSettings {
  readonly url: URL;
  readonly cacert?: string;
}

/** Checks beyond the JSON schema: a parseable http(s) URL without embedded credentials, an absolute CA path. */
export function validateRest(config: JsonObject): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const raw = typeof config['url'] === 'string' ? config['url'] : '';
  let url: URL | undefined;
  try {
    url = new URL(raw);
  } catch {
    issues.push({ path: '/url', message: `"${raw}" is not a URL; expected http(s)://host:port/path` });
  }
  if (url && url.protocol !== 'http:' && url.protocol !== 'https:') issues.push({ path: '/url', message: `unsupported scheme ${url.protocol}; use http or https` });
  // Credentials in the URL would travel with the repository string: refuse them rather than leak them.
  if (url && (url.username || url.password)) issues.push({ path: '/url', message: 'the URL must not contain a user name or password' });
  const cacert = config['cacert'];
  if (cacert !== undefined && (typeof cacert !== 'string' || !isAbsolute(cacert))) issues.push({ path: '/cacert', message: 'cacert must be an absolute path' });
  return issues;
}

export function settingsOf(config: JsonObject): RestSettings {
  const url = new URL(String(config['url']));
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  return { url, ...(typeof config['cacert'] === 'string' ? { cacert: config['cacert'] } : {}) };
}

/** restic's REST backend: `rest:` followed by the server URL. */
export function resolveRest(config: JsonObject): ResticLocation {
  const { url, cacert } = settingsOf(config);
  return {
    repository: `rest:${url.href}`,
    ...(cacert ? { flags: ['--cacert', cacert] } : {}),
    ...(url.protocol === 'http:' && !['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname)
      ? { warnings: [`${url.host} is reached over plain http: backup data is encrypted by restic, but the transport is not`] }
      : {}),
  };
}
