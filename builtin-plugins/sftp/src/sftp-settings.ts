import { join } from 'node:path';
import type { JsonObject, ValidationIssue } from '@timelocker/plugin-api';

/** A backend config with its defaults applied. */
export interface SftpSettings {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly path: string;
  readonly identityFile: string;
  readonly knownHostsFile: string;
}

// A leading '-' would make ssh read the value as an option; ':' would break restic's `sftp:user@host:/path` split.
const HOST = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;
const USER = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;
/**
 * restic reads each `-o` value as CSV (a `"` or `,` breaks it), 0.14 splits `sftp.command` on whitespace, quotes and
 * backslashes, and ssh expands `%` tokens in key and known-hosts paths: these characters cannot be passed through.
 * Whitespace in the key path can (single-quoted); ssh splits a UserKnownHostsFile value on whitespace itself, and
 * quoting it for ssh would need a `"`, so the known-hosts path must have none.
 */
const UNSAFE_IN_COMMAND = /["'\\%,\p{Cc}]/u;

function text(config: JsonObject, key: string): string {
  const value = config[key];
  return typeof value === 'string' ? value : '';
}

/** Applies defaults; `storagePath` is the plugin's private folder that holds TimeLocker's own known_hosts. */
export function settingsOf(config: JsonObject, storagePath: string): SftpSettings {
  const port = config['port'];
  return {
    host: text(config, 'host'),
    port: typeof port === 'number' ? port : 22,
    user: text(config, 'user'),
    path: text(config, 'path'),
    identityFile: text(config, 'identityFile'),
    knownHostsFile: text(config, 'knownHostsFile') || join(storagePath, 'known_hosts'),
  };
}

function fileIssues(key: 'identityFile' | 'knownHostsFile', value: string): ValidationIssue[] {
  if (!value.startsWith('/')) return [{ path: `/${key}`, message: `${key} must be an absolute path, got "${value}"` }];
  if (UNSAFE_IN_COMMAND.test(value)) {
    return [{ path: `/${key}`, message: `${key} "${value}" contains a quote, backslash, comma, % or control character, which cannot be passed to ssh through restic's sftp.command; use a path without them` }];
  }
  if (key === 'knownHostsFile' && /\s/.test(value)) {
    return [{ path: `/${key}`, message: `the known hosts file "${value}" has whitespace in its path, which ssh's UserKnownHostsFile option cannot take through restic's sftp.command; set knownHostsFile to a path without spaces` }];
  }
  return [];
}

/** Problems that would make the ssh command or the restic repository string wrong. */
export function settingsIssues(settings: SftpSettings): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  if (settings.host.includes(':')) issues.push({ path: '/host', message: `host "${settings.host}" looks like an IPv6 address, which the sftp backend does not support; use a host name` });
  else if (!HOST.test(settings.host)) issues.push({ path: '/host', message: `host "${settings.host}" is not a valid host name or IPv4 address` });
  if (!USER.test(settings.user)) issues.push({ path: '/user', message: `user "${settings.user}" is not a valid user name (letters, digits, '.', '_', '-'; not starting with '-')` });
  if (!Number.isInteger(settings.port) || settings.port < 1 || settings.port > 65535) issues.push({ path: '/port', message: `port must be an integer from 1 to 65535, got ${settings.port}` });
  if (!settings.path.startsWith('/')) issues.push({ path: '/path', message: `path must be an absolute path on the server, got "${settings.path}"` });
  else if (/\p{Cc}/u.test(settings.path)) issues.push({ path: '/path', message: 'path must not contain control characters' });
  issues.push(...fileIssues('identityFile', settings.identityFile), ...fileIssues('knownHostsFile', settings.knownHostsFile));
  return issues;
}

/** The name ssh looks up in known_hosts: `host`, or `[host]:port` for other ports. */
export function knownHostsName(settings: SftpSettings): string {
  return settings.port === 22 ? settings.host : `[${settings.host}]:${settings.port}`;
}
