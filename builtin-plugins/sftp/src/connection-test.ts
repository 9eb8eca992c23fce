import { access, constants } from 'node:fs/promises';
import type { CancellationToken, ConnectionTestResult } from '@timelocker/plugin-api';
import { probeSsh, scanHostKeys } from './host-reach.js';
import { hostKeyChangedResult, keyChange } from './host-key-trust.js';
import { describeKey, recordKeys, trustedKeys } from './known-hosts.js';
import { probeRepository, type ProbeResult } from './sftp-probe.js';
import { sshArgs } from './ssh-command.js';
import { knownHostsName, type SftpSettings, settingsIssues } from './sftp-settings.js';

const INIT_HINT = 'timelocker repo init <name>';

function lastLines(text: string): string {
  return text.trim().split('\n').slice(-2).join(' ').trim();
}

/** ssh's stderr when it ended before the SFTP session started. */
function sshFailure(settings: SftpSettings, stderr: string): ConnectionTestResult {
  const where = `${settings.user}@${settings.host} port ${settings.port}`;
  const denied = /Permission denied \([^)]*\)/.exec(stderr);
  if (/are too open|bad permissions/i.test(stderr)) {
    return { status: 'auth-failed', message: `ssh ignores the key ${settings.identityFile}: its permissions are too open`, hint: `chmod 600 ${settings.identityFile}` };
  }
  if (/Load key .*:|incorrect passphrase|invalid format/i.test(stderr)) {
    return { status: 'auth-failed', message: `ssh cannot use the key ${settings.identityFile}: ${lastLines(stderr)} (keys with a passphrase cannot be used: restic runs ssh non-interactively)` };
  }
  if (denied) {
    return {
      status: 'auth-failed',
      message: `${where} refused the key ${settings.identityFile}: ${denied[0]}`,
      hint: `add ${settings.identityFile}.pub to ~/.ssh/authorized_keys of ${settings.user} on ${settings.host}, or set identityFile to a key the server accepts`,
    };
  }
  if (/Host key verification failed|REMOTE HOST IDENTIFICATION HAS CHANGED/.test(stderr)) {
    return { status: 'host-key-changed', message: `ssh refused the host key of ${knownHostsName(settings)}: ${lastLines(stderr)}` };
  }
  if (/Connection refused|timed out|No route to host|Could not resolve hostname|Network is unreachable|Connection closed|Connection reset/i.test(stderr)) {
    return { status: 'unreachable', message: `cannot reach ${where}: ${lastLines(stderr)}` };
  }
  if (/subsystem request failed/i.test(stderr)) return { status: 'error', message: `${where} does not offer the SFTP subsystem` };
  return { status: 'error', message: `ssh to ${where} failed: ${lastLines(stderr) || 'no output'}` };
}

function probeOutcome(settings: SftpSettings, probe: ProbeResult): ConnectionTestResult {
  const at = `${settings.path} on ${settings.host}`;
  switch (probe.kind) {
    case 'repository': return { status: 'ok', message: `restic repository found at sftp:${settings.user}@${settings.host}:${settings.path}` };
    case 'no-folder': return { status: 'not-found', message: `${settings.path} does not exist on ${settings.host}`, hint: INIT_HINT };
    case 'no-repository': return { status: 'not-found', message: `${at} holds no restic repository (no config file)`, hint: INIT_HINT };
    case 'not-a-folder': return { status: 'error', message: `${at} is a file, not a folder` };
    case 'sftp-error': return { status: 'error', message: `SFTP on ${settings.host}: ${probe.message}` };
    case 'timeout': return { status: 'unreachable', message: `${settings.host} port ${settings.port} did not finish the SSH/SFTP handshake in time` };
    case 'ssh-failed': return sshFailure(settings, probe.stderr);
  }
}

/**
 * Reachability, then the host key (trusted on first use, refused when changed), then an SFTP session with exactly
 * the ssh command restic will run: authentication and the repository path.
 */
export async function testSftpConnection(settings: SftpSettings, token: CancellationToken): Promise<ConnectionTestResult> {
  const issues = settingsIssues(settings);
  if (issues.length) return { status: 'error', message: issues.map((i) => i.message).join('; ') };
  if (!(await access(settings.identityFile, constants.R_OK).then(() => true, () => false))) {
    return { status: 'auth-failed', message: `the identity file ${settings.identityFile} does not exist or is not readable` };
  }
  const reach = await probeSsh(settings.host, settings.port, token);
  if (reach.kind === 'unreachable') return { status: 'unreachable', message: reach.message, hint: 'check host and port, and that the SSH server is running' };
  if (reach.kind === 'not-ssh') return { status: 'error', message: reach.message };

  const presented = await scanHostKeys(settings.host, settings.port, token);
  if (!presented.length) return { status: 'unreachable', message: `${settings.host} port ${settings.port} sent no host key within 5 s` };
  const name = knownHostsName(settings);
  const trusted = await trustedKeys(settings.knownHostsFile, name, token);
  let firstUse = '';
  if (!trusted.length) {
    await recordKeys(settings.knownHostsFile, name, presented);
    firstUse = `host key of ${name} trusted on first use: ${presented.map(describeKey).join(', ')} (recorded in ${settings.knownHostsFile})`;
  } else {
    const change = keyChange(trusted, presented);
    if (change) return hostKeyChangedResult(name, settings.knownHostsFile, change);
  }

  const outcome = probeOutcome(settings, await probeRepository(sshArgs(settings), settings.path, token));
  return firstUse ? { ...outcome, message: `${outcome.message}; ${firstUse}` } : outcome;
}
