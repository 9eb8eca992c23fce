import { createHash } from 'node:crypto';
import { appendFile, mkdir, readFile, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { CancellationToken } from '@timelocker/plugin-api';
import { runChild } from './child-run.js';

export interface HostKey {
  /** e.g. `ssh-ed25519`, `ecdsa-sha2-nistp256`, `ssh-rsa`. */
  readonly type: string;
  /** Base64 key blob as in known_hosts. */
  readonly blob: string;
}

/** `SHA256:…` exactly as `ssh-keygen -lf` prints it: unpadded base64 of the SHA-256 of the key blob. */
export function fingerprint(key: HostKey): string {
  return `SHA256:${createHash('sha256').update(Buffer.from(key.blob, 'base64')).digest('base64').replace(/=+$/, '')}`;
}

/** `SHA256:… (ED25519)`, the form ssh shows. */
export function describeKey(key: HostKey): string {
  const kind = key.type === 'ssh-ed25519' ? 'ED25519' : key.type === 'ssh-rsa' ? 'RSA' : key.type.startsWith('ecdsa-') ? 'ECDSA' : key.type;
  return `${fingerprint(key)} (${kind})`;
}

/** Keys from known_hosts-format lines (`[marker] hosts type blob [comment]`); markers (@revoked, @cert-authority) are skipped. */
export function parseKeyLines(text: string): HostKey[] {
  const keys: HostKey[] = [];
  for (const line of text.split('\n')) {
    const fields = line.trim().split(/\s+/);
    if (fields.length < 3 || fields[0]!.startsWith('#') || fields[0]!.startsWith('@')) continue;
    keys.push({ type: fields[1]!, blob: fields[2]! });
  }
  return keys;
}

/** The keys the file trusts for `name` (`host` or `[host]:port`); ssh-keygen -F also matches hashed entries. */
export async function trustedKeys(file: string, name: string, token: CancellationToken): Promise<HostKey[]> {
  if (!(await stat(file).then((s) => s.isFile(), () => false))) return [];
  const result = await runChild('ssh-keygen', ['-F', name, '-f', file], 10_000, token);
  // Exit 1 means no entry; anything else without output is an unreadable file, which must not look like "untrusted".
  if (result.code === 1 && !result.stdout.trim()) return [];
  if (result.code !== 0) throw new Error(`cannot read the known hosts file ${file}: ${result.stderr.trim() || `ssh-keygen exited with ${result.code}`}`);
  return parseKeyLines(result.stdout);
}

/** Appends the keys for `name`, creating the file and its folders. */
export async function recordKeys(file: string, name: string, keys: readonly HostKey[]): Promise<void> {
  await mkdir(dirname(file), { recursive: true, mode: 0o700 });
  const existing = await readFile(file, 'utf8').catch(() => '');
  const separator = existing && !existing.endsWith('\n') ? '\n' : '';
  await appendFile(file, separator + keys.map((k) => `${name} ${k.type} ${k.blob}\n`).join(''), { mode: 0o600 });
}
