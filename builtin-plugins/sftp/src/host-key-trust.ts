import { type CancellationToken, type ConnectionTestResult, TimeLockerError } from '@timelocker/plugin-api';
import { probeSsh } from './host-reach.js';
import { describeKey, type HostKey } from './known-hosts.js';
import { knownHostsName, type SftpSettings } from './sftp-settings.js';

/** Trusted and presented keys that disagree; undefined when ssh will accept the server. */
export interface KeyChange {
  readonly trusted: readonly HostKey[];
  readonly presented: readonly HostKey[];
}

const same = (a: HostKey, b: HostKey): boolean => a.type === b.type && a.blob === b.blob;

/**
 * ssh prefers key types it already trusts, so a new key of a trusted type is a change, and so is a server that
 * offers none of the trusted keys at all. A server that adds a type next to a matching one is fine.
 */
export function keyChange(trusted: readonly HostKey[], presented: readonly HostKey[]): KeyChange | undefined {
  const conflicting = presented.filter((p) => trusted.some((t) => t.type === p.type) && !trusted.some((t) => same(t, p)));
  if (conflicting.length) return { trusted: trusted.filter((t) => conflicting.some((c) => c.type === t.type)), presented: conflicting };
  if (!presented.some((p) => trusted.some((t) => same(t, p)))) return { trusted, presented };
  return undefined;
}

function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

export function hostKeyChangedResult(name: string, knownHostsFile: string, change: KeyChange): ConnectionTestResult {
  return {
    status: 'host-key-changed',
    message: `the host key of ${name} has CHANGED: ${knownHostsFile} trusts ${change.trusted.map(describeKey).join(', ')}, `
      + `but the server now presents ${change.presented.map(describeKey).join(', ')}. Someone may be intercepting the connection `
      + '(man in the middle), or the server was reinstalled or its key rotated; TimeLocker refuses to connect until this is resolved.',
    hint: 'If the change is legitimate (confirm the new fingerprint with the server\'s administrator), remove the old key with '
      + `\`ssh-keygen -R ${shellQuote(name)} -f ${shellQuote(knownHostsFile)}\` (or delete its line from that file), `
      + 'then run `timelocker repo test <name>` again to trust the new key.',
  };
}

/**
 * Why restic cannot be started for a server without a trusted key. A server that is down has no key to trust, so
 * reachability comes first, in the words of `repo test`; only a live SSH server is a matter of trusting its key.
 */
export async function untrustedHostError(settings: SftpSettings, token: CancellationToken): Promise<Error> {
  const reach = await probeSsh(settings.host, settings.port, token);
  if (reach.kind === 'unreachable') return new TimeLockerError('unavailable', `unreachable: ${reach.message}; check host and port, and that the SSH server is running`);
  if (reach.kind === 'not-ssh') return new TimeLockerError('unavailable', `${reach.message}; check the port`);
  return new Error(`the host key of ${knownHostsName(settings)} is not trusted yet (no entry in ${settings.knownHostsFile}). `
    + 'Run `timelocker repo test <name>` to see its fingerprint and trust it.');
}
