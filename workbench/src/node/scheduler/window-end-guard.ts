import { Disposable, type JobDto } from '@timelocker/plugin-api';
import type { JobService } from '../jobs/job-service.js';

/**
 * Stops the plan's backup gracefully (SIGINT: restic removes its lock and keeps what it uploaded) when the
 * window closes at `end`; the job is recorded as `stopped-at-window-end`.
 */
export function guardWindowEnd(jobs: JobService, plan: string, end: Date, onStop: (job: string) => void): Disposable {
  let jobId: string | undefined;
  let ended = false;
  const stop = (): void => {
    if (jobId && jobs.cancel(jobId, 'window-end')) onStop(jobId);
  };
  const watcher = jobs.onDidChangeJob((job: JobDto) => {
    if (jobId || job.kind !== 'backup' || job.plan !== plan || job.status !== 'queued') return;
    jobId = job.id;
    if (ended) stop();
  });
  const timer = setTimeout(() => {
    ended = true;
    stop();
  }, Math.max(0, end.getTime() - Date.now()));
  return new Disposable(() => {
    clearTimeout(timer);
    watcher.dispose();
  });
}
