import type { JobDto } from '@timelocker/plugin-api';
import { errorKindOf } from '../../node/core/errors.js';
import { CommandExit } from '../exit-codes.js';
import type { Output } from '../output.js';

/**
 * Prints a finished job and turns its status into the process exit code. `done` is refused so that a JobHandle (a job
 * only queued) cannot be passed for its outcome: await it with `outcomeOf` first.
 */
export function reportJob(output: Output, run: { job: JobDto; cause?: unknown; done?: never }, success: string): void {
  const { job, cause } = run;
  if (output.json) output.data(job);
  if (job.status === 'succeeded') {
    if (!output.json) output.line(success);
    // A succeeded job's `error` is a warning (unreadable files, a failed `warn` hook).
    if (!output.json && job.error) output.error(`warning: ${job.error}`);
    return;
  }
  if (!output.json) output.error(`${job.kind} ${job.status}: ${job.error ?? 'no details'} (job ${job.id})`);
  if (job.status === 'cancelled' || job.status === 'interrupted') throw new CommandExit('interrupted');
  throw new CommandExit(cause !== undefined ? errorKindOf(cause) : 'operation-failed');
}
