import { Disposable, type JobDto } from '@timelocker/plugin-api';
import type { JobService } from '../jobs/job-service.js';

/**
 * Stops the job of a scheduled run gracefully (SIGINT: restic removes its lock; a backup keeps what it uploaded) when
 * the window closes at `end`; the job is recorded as `stopped-at-window-end`. `isRunJob` picks the run's job out of
 * the jobs that get queued meanwhile.
 */
export function guardWindowEnd(jobs: JobService, isRunJob: (job: JobDto) => boolean, end: Date, onStop: (job: string) => void): Disposable {
  let jobId: string | undefined;
  let ended = false;
  const stop = (): void => {
    if (jobId && jobs.cancel(jobId, 'window-end')) onStop(jobId);
  };
  const watcher = jobs.onDidChangeJob((job: JobDto) => {
    if (jobId || job.status !== 'queued' || !isRunJob(job)) return;
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
