import { createInterface } from 'node:readline';
import type { CancellationToken } from '@timelocker/plugin-api';
import { execa } from 'execa';
import { processGroupStop } from '../core/process-group.js';

export interface HookProcessResult {
  readonly exitCode: number | undefined;
  readonly timedOut: boolean;
  readonly cancelled: boolean;
  readonly durationMs: number;
  /** The last non-empty output line, for the failure message. */
  readonly lastLine: string;
}

/** After SIGTERM, a hook that is still there this long later gets SIGKILL. */
const killGraceMs = 3000;

/**
 * `/bin/sh -c command` in its own process group, so a timeout or a cancel stops everything it started. stdout and
 * stderr are read line by line as they come.
 */
export async function runHookProcess(
  command: string, env: Record<string, string>, timeoutMs: number, onLine: (line: string) => void, token: CancellationToken,
): Promise<HookProcessResult> {
  const started = Date.now();
  const child = execa('/bin/sh', ['-c', command], {
    env, extendEnv: false, reject: false, stdin: 'ignore', all: true, buffer: false, detached: true, stripFinalNewline: false,
  });
  let cancelled = false;
  let lastLine = '';
  const group = processGroupStop(child, killGraceMs, timeoutMs);
  const onCancel = token.onCancellationRequested(() => {
    cancelled = true;
    group.stop();
  });
  const lines = child.all ? createInterface({ input: child.all, crlfDelay: Infinity }) : undefined;
  lines?.on('line', (line) => {
    if (line.trim()) lastLine = line.trim();
    onLine(line);
  });
  try {
    const result = await child;
    return { exitCode: result.exitCode, timedOut: group.timedOut, cancelled, durationMs: Date.now() - started, lastLine };
  } finally {
    group.dispose();
    onCancel.dispose();
    lines?.close();
  }
}
