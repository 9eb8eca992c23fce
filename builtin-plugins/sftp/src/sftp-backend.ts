import { stat } from 'node:fs/promises';
import type { BackendProvider, CancellationToken, JsonObject, ResticLocation, ValidationIssue } from '@timelocker/plugin-api';
import { testSftpConnection } from './connection-test.js';
import { untrustedHostError } from './host-key-trust.js';
import { trustedKeys } from './known-hosts.js';
import { commandLine, sshArgs } from './ssh-command.js';
import { knownHostsName, settingsIssues, settingsOf } from './sftp-settings.js';

async function identityFileIssues(file: string): Promise<ValidationIssue[]> {
  const info = await stat(file).catch(() => undefined);
  if (!info?.isFile()) return [{ path: '/identityFile', message: `the identity file ${file} does not exist` }];
  if (info.mode & 0o077) {
    return [{ path: '/identityFile', severity: 'warning', message: `ssh ignores ${file} because others can read it; run: chmod 600 ${file}` }];
  }
  return [];
}

/** The `sftp` backend; `storagePath` is the plugin's private folder (default known_hosts lives there). */
export function createSftpBackend(storagePath: string): BackendProvider {
  return {
    async validate(config: JsonObject): Promise<ValidationIssue[]> {
      const settings = settingsOf(config, storagePath);
      const issues = settingsIssues(settings);
      if (issues.some((i) => i.path === '/identityFile')) return issues;
      return [...issues, ...(await identityFileIssues(settings.identityFile))];
    },

    async resolve(config: JsonObject, _secrets, token: CancellationToken): Promise<ResticLocation> {
      const settings = settingsOf(config, storagePath);
      const issues = settingsIssues(settings);
      if (issues.length) throw new Error(issues.map((i) => i.message).join('; '));
      // Without a trusted key ssh (StrictHostKeyChecking=yes) would fail anyway, with a far less helpful message.
      if (!(await trustedKeys(settings.knownHostsFile, knownHostsName(settings), token)).length) throw await untrustedHostError(settings, token);
      return {
        repository: `sftp:${settings.user}@${settings.host}:${settings.path}`,
        options: { 'sftp.command': commandLine('ssh', sshArgs(settings)) },
      };
    },

    testConnection: (config: JsonObject, _secrets, token: CancellationToken) => testSftpConnection(settingsOf(config, storagePath), token),
  };
}
