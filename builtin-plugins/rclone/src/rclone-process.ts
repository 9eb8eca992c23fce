import { execFile } from 'node:child_process';
import { CancellationError, TimeLockerError, type CancellationToken } from '@timelocker/plugin-api';

export interface RcloneResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** rclone is missing: the message says how to get it. */
export class RcloneMissingError extends TimeLockerError {
  constructor() {
    super('unavailable', 'rclone is not installed (or not on PATH): install it, e.g. `apt-get install rclone`, then try again');
    this.name = 'RcloneMissingError';
  }
}

/**
 * Runs rclone (never through a shell) with `env` added to ours, `input` on stdin, a deadline and the token.
 * Secrets travel in env and stdin only, never in argv.
 */
export function runRclone(args: readonly string[], env: Readonly<Record<string, string>>, token: CancellationToken, timeoutMs: number, input = ''): Promise<RcloneResult> {
  if (token.isCancellationRequested) return Promise.reject(new CancellationError());
  const abort = new AbortController();
  const cancel = token.onCancellationRequested(() => abort.abort());
  return new Promise<RcloneResult>((resolve, reject) => {
    const child = execFile('rclone', [...args], { env: { ...process.env, ...env }, timeout: timeoutMs, signal: abort.signal, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      cancel.dispose();
      if (token.isCancellationRequested) return reject(new CancellationError());
      if ((error as NodeJS.ErrnoException | null)?.code === 'ENOENT') return reject(new RcloneMissingError());
      if (error && error.killed) return resolve({ code: -1, stdout, stderr: `${stderr}\nrclone did not finish within ${timeoutMs / 1000} s` });
      resolve({ code: typeof error?.code === 'number' ? error.code : error ? 1 : 0, stdout, stderr });
    });
    child.stdin?.on('error', () => undefined);
    child.stdin?.end(input);
  });
}

/** rclone's config format wants passwords obscured (`rclone obscure`), also when they come from the environment. */
export async function obscure(password: string, token: CancellationToken): Promise<string> {
  const result = await runRclone(['obscure', '-'], {}, token, 10_000, password);
  if (result.code !== 0) throw new Error(`rclone obscure failed: ${result.stderr.trim()}`);
  return result.stdout.trim();
}
