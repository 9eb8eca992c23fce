import { TimeLockerError, type ErrorKind } from '@timelocker/plugin-api';
import semver from 'semver';
import type { ResticVersion } from './restic-engine.js';

/** Why restic failed, as far as its exit code and stderr tell. */
export type ResticFailureReason =
  | 'wrong-password'
  | 'repository-missing'
  | 'already-initialized'
  | 'locked'
  | 'unreadable-files'
  | 'cancelled'
  | 'network'
  | 'host-key'
  | 'auth-failed'
  | 'not-installed'
  | 'failed';

const errorKindOfReason: Readonly<Record<ResticFailureReason, ErrorKind>> = {
  'wrong-password': 'operation-failed',
  'repository-missing': 'operation-failed',
  'already-initialized': 'conflict',
  'locked': 'conflict',
  'unreadable-files': 'incomplete',
  'cancelled': 'interrupted',
  'network': 'unavailable',
  'host-key': 'operation-failed',
  'auth-failed': 'operation-failed',
  'not-installed': 'unavailable',
  'failed': 'operation-failed',
};

/** A restic failure mapped to what the user can do about it. Messages are already masked. */
export class ResticError extends TimeLockerError {
  constructor(
    readonly reason: ResticFailureReason,
    message: string,
    readonly exitCode: number | undefined,
    readonly stderr: string,
  ) {
    super(errorKindOfReason[reason], message);
    this.name = 'ResticError';
  }
}

/** From restic 0.17 on, these exit codes say what failed; older versions exit 1 and only stderr tells. */
const exitCodeReasons: ReadonlyMap<number, ResticFailureReason> = new Map([
  [10, 'repository-missing'],
  [11, 'locked'],
  [12, 'wrong-password'],
]);

/** The first restic version that documents exit codes 10 (no repository), 11 (lock failed), 12 (wrong password). */
export const firstResticWithExitCodes = '0.17.0';

// Order matters: restic wraps network, TLS and credential failures in "unable to open config file", so those are
// recognised before the missing-repository case. `untilExitCodes`: what the exit codes of 0.17 replaced.
const patterns: ReadonlyArray<{ reason: ResticFailureReason; test: RegExp; untilExitCodes?: true }> = [
  { reason: 'wrong-password', test: /wrong password or no key found/i, untilExitCodes: true },
  { reason: 'already-initialized', test: /config file already exists|repository master key and config already initialized/i },
  { reason: 'locked', test: /repository is already locked|unable to create lock/i, untilExitCodes: true },
  { reason: 'host-key', test: /Host key verification failed|REMOTE HOST IDENTIFICATION HAS CHANGED|host key is known for/i },
  { reason: 'auth-failed', test: /Permission denied \(publickey|InvalidAccessKeyId|SignatureDoesNotMatch|AccessDenied|Access Key Id you provided does not exist/i },
  { reason: 'network', test: /unable to start the sftp session/i },
  { reason: 'network', test: /connection refused|no such host|i\/o timeout|network is unreachable|TLS handshake|x509:|certificate|connection reset|EOF|timeout/i },
  { reason: 'repository-missing', test: /unable to open config file|repository does not exist|Is there a repository at the following location/i, untilExitCodes: true },
];

/**
 * Why restic failed. From 0.17 (`version`) the exit code names a missing repository, a lock and a wrong password;
 * before, every fatal error exits 1 and stderr is all there is. Failures without an exit code of their own (network,
 * credentials, host keys) are read from stderr in every version. An unknown version counts as an old one.
 */
export function classifyResticFailure(exitCode: number | undefined, stderr: string, version: ResticVersion | undefined): ResticFailureReason {
  if (exitCode === 130) return 'cancelled';
  const exitCodes = version !== undefined && semver.gte(version.version, firstResticWithExitCodes);
  const byCode = exitCodes && exitCode !== undefined ? exitCodeReasons.get(exitCode) : undefined;
  if (byCode) return byCode;
  for (const { reason, test, untilExitCodes } of patterns) if (!(exitCodes && untilExitCodes) && test.test(stderr)) return reason;
  if (exitCode === 3) return 'unreadable-files';
  return 'failed';
}

const terminalEscape = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*[A-Za-z]`, 'g');

/** The last `Fatal:` line restic printed, or its last non-empty line. */
export function resticFatalLine(stderr: string): string {
  // restic redraws its status line with terminal escapes even when stderr is a pipe.
  const lines = stderr.replace(terminalEscape, '').split('\n').map((l) => l.trim()).filter(Boolean);
  const fatal = lines.filter((l) => l.startsWith('Fatal:')).pop();
  return (fatal ?? lines.pop() ?? '').replace(/^Fatal:\s*/, '');
}

/** The files a restore skipped (`ignoring error for PATH: WHY`): restic ends such a restore with an error, after the rest. */
export function unrestoredFiles(stderr: string): { path: string; error: string }[] {
  const files: { path: string; error: string }[] = [];
  for (const line of stderr.replace(terminalEscape, '').split('\n')) {
    const skipped = /ignoring error for (\/.*?): (.+)$/.exec(line.trim());
    if (skipped) files.push({ path: skipped[1]!, error: skipped[2]! });
  }
  return files;
}

/** What the catalog remembers of a repository that restic no longer finds. */
export interface KnownSnapshots {
  readonly count: number;
  readonly latest: string;
}

/**
 * A repository that had snapshots is not a new one: its disappearance is a drive not mounted or a path changed, and
 * creating an empty repository there would only hide that. Init is named only with the confirmation it needs.
 */
export function describeMissingKnownRepository(repositoryName: string, location: string, known: KnownSnapshots): string {
  return `Repository not found at ${location}: is the drive mounted? Repository "${repositoryName}" had ${known.count} snapshot(s), the latest of ${known.latest}; ` +
    'nothing was changed. Mount the drive (or fix its location in the config) and run the command again. Only if the repository is really gone, ' +
    `create a new, empty one there with \`timelocker repo init ${repositoryName} --confirm-path ${location}\`.`;
}

export function describeResticFailure(reason: ResticFailureReason, repositoryName: string, detail: string): string {
  switch (reason) {
    case 'wrong-password':
      return `Wrong password for repository "${repositoryName}" (restic: no key matches). Check the password source configured for it (keyring entry "${repositoryName}/password", env, file or command).`;
    case 'repository-missing':
      return `Repository "${repositoryName}" is not initialized at its location. Run \`timelocker repo init ${repositoryName}\` to create it, or fix its location.`;
    case 'already-initialized':
      return `Repository "${repositoryName}" already exists at its location; use \`timelocker repo adopt\` to use an existing restic repository.`;
    case 'locked':
      return `Repository "${repositoryName}" is locked by another restic process (${detail}). Wait for it to finish, or run \`restic unlock\` if that process is gone.`;
    case 'cancelled':
      return `Cancelled; restic stopped cleanly and removed its lock.`;
    case 'network':
      return `Cannot reach repository "${repositoryName}": ${detail}. Run \`timelocker repo test ${repositoryName}\` for a diagnosis.`;
    case 'host-key':
      return `The SSH host key of the server of repository "${repositoryName}" is not trusted yet or has changed; nothing was sent. Run \`timelocker repo test ${repositoryName}\` to see the fingerprints.`;
    case 'auth-failed':
      return `The server refused the credentials of repository "${repositoryName}" (${detail}). Check its keys with \`timelocker secret list ${repositoryName}\` and \`timelocker repo test ${repositoryName}\`.`;
    default:
      return `restic failed for repository "${repositoryName}": ${detail || 'no error message'}`;
  }
}
