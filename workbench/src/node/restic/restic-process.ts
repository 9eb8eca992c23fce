import { createInterface } from 'node:readline';
import type { Writable } from 'node:stream';
import type { CancellationToken } from '@timelocker/plugin-api';
import { execa } from 'execa';
import type { ResticTarget } from './restic-engine.js';

export interface ResticRunOptions {
  readonly onStdoutLine?: (line: string) => void;
  readonly collectStdout?: boolean;
  readonly progress?: boolean;
  /** Raw stdout goes here instead of being read as lines (binary output such as `restic dump`), with backpressure. */
  readonly stdout?: Writable;
}

export interface ResticRunResult {
  readonly exitCode: number | undefined;
  readonly stdout: string;
  readonly stderr: string;
  readonly cancelled: boolean;
  /** The binary could not be started at all (not installed, not executable). */
  readonly spawnFailed: boolean;
}

/** Variables of the parent environment that would silently change which repository or key restic uses. */
const inheritedResticVariables = /^(RESTIC_|AWS_|B2_|AZURE_|GOOGLE_|OS_|ST_)/;

export function resticEnvironment(target: ResticTarget, cacheDir: string, progress: boolean): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value !== undefined && !inheritedResticVariables.test(key)) env[key] = value;
  }
  return {
    ...env,
    ...target.location.env,
    RESTIC_REPOSITORY: target.location.repository,
    RESTIC_PASSWORD: target.password,
    RESTIC_CACHE_DIR: cacheDir,
    ...(progress ? { RESTIC_PROGRESS_FPS: '2' } : {}),
  };
}

export function globalArgs(target: ResticTarget): string[] {
  const args: string[] = [];
  if (target.limits?.uploadKiBps) args.push('--limit-upload', String(target.limits.uploadKiBps));
  if (target.limits?.downloadKiBps) args.push('--limit-download', String(target.limits.downloadKiBps));
  for (const [key, value] of Object.entries(target.location.options ?? {})) args.push('-o', `${key}=${value}`);
  args.push(...(target.location.flags ?? []));
  return args;
}

/** `nice` and `ionice` exec restic in place, so the pid (and SIGINT) stays restic's own. */
export function withPriority(binary: string, args: readonly string[], limits: ResticTarget['limits']): [string, string[]] {
  let command: [string, string[]] = [binary, [...args]];
  if (limits?.ioniceClass !== undefined) command = ['ionice', ['-c', String(limits.ioniceClass), command[0], ...command[1]]];
  if (limits?.nice !== undefined) command = ['nice', ['-n', String(limits.nice), command[0], ...command[1]]];
  return command;
}

/** Runs restic without a shell; stdout is always drained; cancellation sends SIGINT so restic removes its lock. */
export async function runRestic(
  binary: string,
  args: readonly string[],
  env: Record<string, string>,
  options: ResticRunOptions,
  token: CancellationToken,
): Promise<ResticRunResult> {
  const child = execa(binary, args, { env, extendEnv: false, reject: false, stdin: 'ignore', buffer: false, stripFinalNewline: false });
  let cancelled = false;
  const onCancel = token.onCancellationRequested(() => {
    cancelled = true;
    child.kill('SIGINT');
  });
  const stdoutChunks: string[] = [];
  const stderrChunks: string[] = [];
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => stderrChunks.push(chunk));
  if (options.stdout) child.stdout?.pipe(options.stdout, { end: false });
  const lines = child.stdout && !options.stdout ? createInterface({ input: child.stdout, crlfDelay: Infinity }) : undefined;
  lines?.on('line', (line) => {
    if (options.collectStdout) stdoutChunks.push(line);
    options.onStdoutLine?.(line);
  });
  try {
    const result = await child;
    if (token.isCancellationRequested) cancelled = true;
    return {
      exitCode: result.exitCode,
      stdout: stdoutChunks.join('\n'),
      stderr: stderrChunks.join(''),
      cancelled: cancelled || result.signal === 'SIGINT',
      spawnFailed: result.exitCode === undefined && result.signal === undefined,
    };
  } finally {
    onCancel.dispose();
    lines?.close();
  }
}
