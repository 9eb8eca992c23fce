import { CancellationTokenSource, EventEmitter, type CancellationToken, type JobDto } from '@timelocker/plugin-api';
import { inject, injectable, optional } from 'inversify';
import { JobStore } from '../catalog/job-store.js';
import { ConfigService } from '../config/config-service.js';
import { LogService } from '../core/log-service.js';
import { honestProgress } from './honest-progress.js';
import { exclusiveKinds, type JobContext, type JobLogLine, type JobProgress, type JobProgressData, type JobResult, type JobService, type JobSpec, type JobStopReason } from './job-service.js';
import { RepositoryLock } from './repository-lock.js';
import { isCancellation } from './cancellation.js';
import { concurrencyOf, defaultConcurrency } from '../maintenance/maintenance-config.js';

@injectable()
export class JobServiceImpl implements JobService {
  private readonly locks = new Map<string, RepositoryLock>();
  private readonly running = new Map<string, CancellationTokenSource>();
  private readonly stopReasons = new Map<string, JobStopReason>();
  private readonly changeEmitter = new EventEmitter<JobDto>();
  private readonly progressEmitter = new EventEmitter<JobProgress>();
  private readonly finishEmitter = new EventEmitter<JobDto>();
  private readonly logEmitter = new EventEmitter<JobLogLine>();
  private runningCount = 0;
  private readonly slotWaiters: Array<() => void> = [];
  readonly onDidChangeJob = this.changeEmitter.event;
  readonly onDidReportProgress = this.progressEmitter.event;
  readonly onDidFinishJob = this.finishEmitter.event;
  readonly onDidAppendLog = this.logEmitter.event;

  constructor(
    @inject(JobStore) private readonly store: JobStore,
    @inject(LogService) private readonly logService: LogService,
    @inject(ConfigService) @optional() private readonly config?: ConfigService,
  ) {}

  async run(spec: JobSpec, work: (context: JobContext) => Promise<JobResult>, token?: CancellationToken): Promise<{ job: JobDto; cause?: unknown }> {
    const job = await this.store.create(spec);
    // Every line logged while the job runs (restic, retries, its end) names the job.
    return this.logService.withContext({ jobId: job.id }, () => this.runCreated(job, spec, work, token));
  }

  private async runCreated(created: JobDto, spec: JobSpec, work: (context: JobContext) => Promise<JobResult>, token?: CancellationToken): Promise<{ job: JobDto; cause?: unknown }> {
    const source = new CancellationTokenSource(token);
    let job = created;
    this.running.set(job.id, source);
    this.changeEmitter.fire(job);
    const lock = this.lockFor(spec.repository);
    const releaseLock = await lock.acquire(exclusiveKinds.has(spec.kind));
    const releaseSlot = await this.acquireSlot();
    const release = (): void => {
      releaseSlot();
      releaseLock();
    };
    try {
      if (source.token.isCancellationRequested) {
        job = await this.finish(job.id, { status: 'cancelled', error: 'Cancelled before it started.' });
        return { job };
      }
      job = await this.store.update(job.id, { status: 'running', startedAt: new Date().toISOString(), ownerPid: process.pid });
      this.changeEmitter.fire(job);
      let shown: JobProgressData | undefined;
      const jobId = job.id;
      const context: JobContext = {
        jobId,
        token: source.token,
        reportProgress: (progress) => {
          shown = honestProgress(shown, progress);
          this.progressEmitter.fire({ ...shown, jobId });
        },
        log: (line) => this.logEmitter.fire({ jobId, time: new Date().toISOString(), line: this.logService.mask(line) }),
      };
      try {
        const result = await work(context);
        job = await this.finish(job.id, {
          status: 'succeeded',
          ...(result.summary ? { summary: result.summary } : {}),
          ...(result.warning ? { error: result.warning } : {}),
        });
        return { job };
      } catch (cause) {
        const cancelled = isCancellation(cause) || source.token.isCancellationRequested;
        const message = this.logService.mask(cause instanceof Error ? cause.message : String(cause));
        const status = !cancelled ? 'failed' : this.stopReasons.get(job.id) === 'window-end' ? 'stopped-at-window-end' : 'cancelled';
        job = await this.finish(job.id, { status, error: status === 'stopped-at-window-end' ? 'stopped at the end of its time window (a backup continues next time from what it uploaded)' : message });
        return { job, cause };
      }
    } finally {
      release();
      this.running.delete(job.id);
      this.stopReasons.delete(job.id);
      source.dispose();
      if (lock.idle) this.locks.delete(spec.repository);
    }
  }

  cancel(jobId: string, reason: JobStopReason = 'user'): boolean {
    const source = this.running.get(jobId);
    if (!source) return false;
    this.stopReasons.set(jobId, reason);
    source.cancel();
    return true;
  }

  private async finish(id: string, update: { status: JobDto['status']; summary?: JobDto['summary']; error?: string }): Promise<JobDto> {
    const job = await this.store.update(id, { ...update, finishedAt: new Date().toISOString() });
    this.logService.getLogger('jobs').info(`job ${job.id} ${job.kind} ${job.repository}${job.plan ? `/${job.plan}` : ''}: ${job.status}${job.error ? ` — ${job.error}` : ''}`);
    this.changeEmitter.fire(job);
    this.finishEmitter.fire(job);
    return job;
  }

  /** The `concurrency` setting caps jobs running at once over all repositories; the others stay queued. */
  private async acquireSlot(): Promise<() => void> {
    const limit = this.config ? await this.config.get().then(concurrencyOf, () => defaultConcurrency) : Number.POSITIVE_INFINITY;
    while (this.runningCount >= limit) await new Promise<void>((resolve) => this.slotWaiters.push(resolve));
    this.runningCount++;
    return () => {
      this.runningCount--;
      this.slotWaiters.shift()?.();
    };
  }

  private lockFor(repository: string): RepositoryLock {
    let lock = this.locks.get(repository);
    if (!lock) {
      lock = new RepositoryLock();
      this.locks.set(repository, lock);
    }
    return lock;
  }
}
