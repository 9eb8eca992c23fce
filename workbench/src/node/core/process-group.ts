import type { ChildProcess } from 'node:child_process';

export interface ProcessGroupStop {
  /** SIGTERM to the whole group, SIGKILL to what is left after the grace time; once. */
  stop(): void;
  dispose(): void;
}

/**
 * Stops a child spawned `detached` (a process group of its own) with everything it started: a shell's command keeps
 * the shell's output pipe open, so ending the shell alone would leave the caller waiting for that command.
 */
export function processGroupStop(child: ChildProcess, graceMs: number): ProcessGroupStop {
  let killTimer: NodeJS.Timeout | undefined;
  const signal = (name: NodeJS.Signals): void => {
    try {
      if (child.pid !== undefined) process.kill(-child.pid, name);
    } catch {
      // Already gone.
    }
  };
  return {
    stop() {
      if (killTimer || child.pid === undefined) return;
      signal('SIGTERM');
      killTimer = setTimeout(() => signal('SIGKILL'), graceMs);
    },
    dispose() {
      clearTimeout(killTimer);
    },
  };
}
