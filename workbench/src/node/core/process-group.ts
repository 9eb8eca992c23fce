import type { ChildProcess } from 'node:child_process';

export interface ProcessGroupStop {
  /** SIGTERM to the whole group, SIGKILL to what is left after the grace time; once. */
  stop(): void;
  /** Whether `timeoutMs` passed and stopped the group. */
  readonly timedOut: boolean;
  dispose(): void;
}

/**
 * Stops a child spawned `detached` (a process group of its own) with everything it started, after `timeoutMs` or when
 * asked: a shell's command keeps the shell's output pipe open, so ending the shell alone would leave the caller
 * waiting for that command.
 */
export function processGroupStop(child: ChildProcess, graceMs: number, timeoutMs: number): ProcessGroupStop {
  let killTimer: NodeJS.Timeout | undefined;
  let timedOut = false;
  const signal = (name: NodeJS.Signals): void => {
    try {
      if (child.pid !== undefined) process.kill(-child.pid, name);
    } catch {
      // Already gone.
    }
  };
  const stop = (): void => {
    if (killTimer || child.pid === undefined) return;
    signal('SIGTERM');
    killTimer = setTimeout(() => signal('SIGKILL'), graceMs);
  };
  const timeout = setTimeout(() => {
    timedOut = true;
    stop();
  }, timeoutMs);
  return {
    stop,
    get timedOut() {
      return timedOut;
    },
    dispose() {
      clearTimeout(timeout);
      clearTimeout(killTimer);
    },
  };
}
