import { CancellationError, type CancellationToken, type JobDto } from '@timelocker/plugin-api';
import type { JobStore } from '../catalog/job-store.js';

/** How often a job run by another process is looked at while following it. */
export const FOLLOW_POLL_MS = 250;

/**
 * Waits until a job that another process runs has ended, and resolves with it as it ended. `onLines` hears the
 * output the job added since the last look. Cancelling `token` stops following (the job itself goes on).
 */
export async function followJob(store: JobStore, id: string, token?: CancellationToken, onLines?: (lines: readonly string[]) => void): Promise<JobDto> {
  let seen = 0;
  for (;;) {
    if (token?.isCancellationRequested) throw new CancellationError();
    const job = await store.get(id);
    if (!job) throw new Error(`Job ${id} disappeared while it was followed.`);
    if (onLines) {
      const lines = (await store.log(id)) ?? [];
      if (lines.length > seen) onLines(lines.slice(seen));
      seen = Math.max(seen, lines.length);
    }
    if (job.status !== 'queued' && job.status !== 'running') return job;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        listener?.dispose();
        resolve();
      }, FOLLOW_POLL_MS);
      const listener = token?.onCancellationRequested(() => {
        clearTimeout(timer);
        listener?.dispose();
        resolve();
      });
    });
  }
}
