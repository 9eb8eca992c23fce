import { spawn } from 'node:child_process';
import { posix } from 'node:path';
import { CancellationError, type CancellationToken } from '@timelocker/plugin-api';
import { guardChild } from './child-run.js';

/** What the server says about the repository path. */
export type ProbeResult =
  | { readonly kind: 'repository' }
  | { readonly kind: 'no-folder' }
  | { readonly kind: 'not-a-folder' }
  | { readonly kind: 'no-repository' }
  | { readonly kind: 'sftp-error'; readonly message: string }
  /** ssh ended before the SFTP session started (connection, host key or authentication problem). */
  | { readonly kind: 'ssh-failed'; readonly stderr: string }
  | { readonly kind: 'timeout' };

const FXP_INIT = 1;
const FXP_VERSION = 2;
const FXP_STAT = 17;
const FXP_STATUS = 101;
const FXP_ATTRS = 105;
const FX_NO_SUCH_FILE = 2;
const FX_PERMISSION_DENIED = 3;
const ATTR_SIZE = 0x1;
const ATTR_UIDGID = 0x2;
const ATTR_PERMISSIONS = 0x4;
const S_IFMT = 0o170000;
const S_IFDIR = 0o040000;
const PROBE_TIMEOUT_MS = 20_000;

type Stat = { readonly kind: 'attrs'; readonly isDir: boolean | undefined } | { readonly kind: 'status'; readonly code: number; readonly message: string };

function packet(type: number, ...parts: Buffer[]): Buffer {
  const body = Buffer.concat([Buffer.from([type]), ...parts]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(body.length);
  return Buffer.concat([length, body]);
}

function uint32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
}

function sshString(text: string): Buffer {
  const bytes = Buffer.from(text, 'utf8');
  return Buffer.concat([uint32(bytes.length), bytes]);
}

function parseStat(body: Buffer): Stat {
  if (body[0] === FXP_ATTRS) {
    const flags = body.readUInt32BE(5);
    let offset = 9;
    if (flags & ATTR_SIZE) offset += 8;
    if (flags & ATTR_UIDGID) offset += 8;
    const isDir = flags & ATTR_PERMISSIONS ? (body.readUInt32BE(offset) & S_IFMT) === S_IFDIR : undefined;
    return { kind: 'attrs', isDir };
  }
  if (body[0] === FXP_STATUS) {
    const code = body.readUInt32BE(5);
    const length = body.readUInt32BE(9);
    return { kind: 'status', code, message: body.subarray(13, 13 + length).toString('utf8') };
  }
  throw new Error(`unexpected SFTP reply type ${body[0]}`);
}

/**
 * Runs restic's own ssh command (`ssh … -s sftp`) and speaks just enough SFTP (RFC draft v3: INIT, STAT) to find
 * the repository folder and its `config` file. Kills ssh on cancellation or after the deadline.
 */
export function probeRepository(sshArgs: readonly string[], path: string, token: CancellationToken): Promise<ProbeResult> {
  if (token.isCancellationRequested) return Promise.reject(new CancellationError());
  return new Promise((resolve, reject) => {
    const child = spawn('ssh', sshArgs, { stdio: ['pipe', 'pipe', 'pipe'] });
    let timedOut = false;
    let stderr = '';
    let pending = Buffer.alloc(0);
    let result: ProbeResult | undefined;
    const waiting: Array<(body: Buffer) => void> = [];
    const unguard = guardChild(child, PROBE_TIMEOUT_MS, token, () => { timedOut = true; });

    const next = (): Promise<Buffer> => new Promise((r) => waiting.push(r));
    const stat = async (id: number, target: string): Promise<Stat> => {
      child.stdin.write(packet(FXP_STAT, uint32(id), sshString(target)));
      return parseStat(await next());
    };
    const conclude = (found: ProbeResult): void => {
      result = found;
      child.stdin.end();
    };

    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.stdin.on('error', () => undefined);
    child.stdout.on('data', (chunk: Buffer) => {
      pending = Buffer.concat([pending, chunk]);
      while (pending.length >= 4 && pending.length >= 4 + pending.readUInt32BE(0)) {
        const length = pending.readUInt32BE(0);
        const body = pending.subarray(4, 4 + length);
        pending = pending.subarray(4 + length);
        waiting.shift()?.(body);
      }
    });
    child.once('error', (error) => { unguard(); reject(error); });
    child.once('close', () => {
      unguard();
      if (token.isCancellationRequested) reject(new CancellationError());
      else if (result) resolve(result);
      else if (timedOut) resolve({ kind: 'timeout' });
      else resolve({ kind: 'ssh-failed', stderr });
    });

    void (async () => {
      child.stdin.write(packet(FXP_INIT, uint32(3)));
      const version = await next();
      if (version[0] !== FXP_VERSION) return conclude({ kind: 'sftp-error', message: `unexpected SFTP greeting (type ${version[0]})` });
      const folder = await stat(1, path);
      if (folder.kind === 'status') {
        if (folder.code === FX_NO_SUCH_FILE) return conclude({ kind: 'no-folder' });
        const why = folder.code === FX_PERMISSION_DENIED ? 'permission denied' : folder.message || `SFTP status ${folder.code}`;
        return conclude({ kind: 'sftp-error', message: `cannot read ${path}: ${why}` });
      }
      if (folder.isDir === false) return conclude({ kind: 'not-a-folder' });
      const config = await stat(2, posix.join(path, 'config'));
      if (config.kind === 'attrs') return conclude({ kind: 'repository' });
      if (config.code === FX_NO_SUCH_FILE) return conclude({ kind: 'no-repository' });
      return conclude({ kind: 'sftp-error', message: `cannot read ${posix.join(path, 'config')}: ${config.message || `SFTP status ${config.code}`}` });
    })().catch((error: Error) => conclude({ kind: 'sftp-error', message: error.message }));
  });
}
