import { type ChildProcess, spawn } from 'node:child_process';
import { CancellationError, type CancellationToken } from '@timelocker/plugin-api';

export interface ChildResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** The deadline passed and the child was killed. */
  readonly timedOut: boolean;
}

/**
 * Kills `child` when the token fires or the deadline passes; returns a function that stops watching.
 * `onTimeout` is told before the kill so the caller can tell a timeout from a crash.
 */
export function guardChild(child: ChildProcess, timeoutMs: number, token: CancellationToken, onTimeout: () => void): () => void {
  const kill = (): void => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  };
  const timer = setTimeout(() => { onTimeout(); kill(); }, timeoutMs);
  const cancel = token.onCancellationRequested(kill);
  return () => {
    clearTimeout(timer);
    cancel.dispose();
  };
}

/** Runs a program (never through a shell) with a deadline; rejects with CancellationError when the token fires. */
export function runChild(program: string, args: readonly string[], timeoutMs: number, token: CancellationToken, input = ''): Promise<ChildResult> {
  if (token.isCancellationRequested) return Promise.reject(new CancellationError());
  return new Promise((resolve, reject) => {
    const child = spawn(program, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    const unguard = guardChild(child, timeoutMs, token, () => { timedOut = true; });
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.stdin.on('error', () => undefined);
    child.stdin.end(input);
    child.once('error', (error) => { unguard(); reject(error); });
    child.once('close', (code) => {
      unguard();
      if (token.isCancellationRequested) reject(new CancellationError());
      else resolve({ code, stdout, stderr, timedOut });
    });
  });
}
