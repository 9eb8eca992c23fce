import { setTimeout as delay } from 'node:timers/promises';
import lockfile from 'proper-lockfile';

export interface FileLockOptions {
  /** A lock not refreshed for this long belongs to a dead process and is taken over. */
  readonly staleMs: number;
  /** Called when our own lock was taken over (e.g. the event loop stalled past `staleMs`). */
  readonly onCompromised: (error: Error) => void;
  /** What is locked, for the message when another process holds it too long (e.g. "The catalog"). */
  readonly what: string;
}

const firstBackoffMs = 2;
const maxBackoffMs = 50;

/**
 * Takes the inter-process lock guarding `path` (a `<path>.lock` directory), waiting with jittered backoff. The wait
 * outlasts a stale lock by far, so a busy writer in another process delays us but never fails us.
 */
export async function acquireFileLock(path: string, options: FileLockOptions): Promise<() => Promise<void>> {
  const deadline = Date.now() + Math.max(60_000, 3 * options.staleMs);
  let backoff = firstBackoffMs;
  for (;;) {
    try {
      return await lockfile.lock(path, {
        realpath: false,
        stale: options.staleMs,
        retries: 0,
        onCompromised: options.onCompromised,
      });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ELOCKED') throw error;
      if (Date.now() > deadline) {
        throw new Error(
          `${options.what} ${path} stayed locked by another TimeLocker process for too long (lock: ${path}.lock). ` +
            'If no other TimeLocker is running, remove that lock directory.',
        );
      }
      await delay(backoff * (0.5 + Math.random()));
      backoff = Math.min(maxBackoffMs, backoff * 1.5);
    }
  }
}
