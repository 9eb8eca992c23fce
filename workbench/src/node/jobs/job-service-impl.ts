import { CancellationTokenSource, EventEmitter, type CancellationToken, type JobDto } from '@timelocker/plugin-api';
import { inject, injectable, optional } from 'inversify';
import { AuditHealth } from '../audit/audit-health.js';
import { JobStore, type JobEnd } from '../catalog/job-store.js';
import { ConfigService } from '../config/config-service.js';
import { currentActor } from '../core/actor-context.js';
import { KernelOptions } from '../core/kernel-options.js';
import { LogService, type Logger } from '../core/log-service.js';
import { isCancellation } from './cancellation.js';
import { honestProgress } from './honest-progress.js';
import { followJob } from './job-follower.js';
import { concurrencyOf, defaultConcurrency } from './jobs-schema.js';
import { ProgressLines } from './progress-lines.js';
import {
  exclusiveKinds, type JobContext, type JobHandle, type JobLogLine, type JobOutcome, type JobProgress, type JobProgressData, type JobResult, type JobService,
  type JobSpec, type JobStopReason,
} from './job-service.js';
import { RepositoryLock } from './repository-lock.js';

const windowEndMessage = 'stopped at the end of its time window (a backup continues next time from what it uploaded)';

@injectable()
export class JobServiceImpl implements JobService {
  private readonly locks = new Map<string, RepositoryLock>();
  private readonly running = new Map<string, { readonly source: CancellationTokenSource; readonly done: Promise<JobOutcome> }>();
  private readonly stopReasons = new Map<string, JobStopReason>();
  private readonly changeEmitter = new EventEmitter<JobDto>();
  private readonly progressEmitter = new EventEmitter<JobProgress>();
  private readonly finishEmitter = new EventEmitter<JobDto>();
  private readonly logEmitter = new EventEmitter<JobLogLine>();
  private readonly logger: Logger;
  private runningCount = 0;
  private readonly slotWaiters: Array<() => void> = [];
  readonly onDidChangeJob = this.changeEmitter.event;
  readonly onDidReportProgress = this.progressEmitter.event;
  readonly onDidFinishJob = this.finishEmitter.event;
  readonly onDidAppendLog = this.logEmitter.event;

  constructor(
    @inject(JobStore) private readonly store: JobStore,
    @inject(LogService) private readonly logService: LogService,
    @inject(KernelOptions) private readonly options: KernelOptions,
    @inject(ConfigService) @optional() private readonly config?: ConfigService,
    @inject(AuditHealth) @optional() private readonly auditHealth?: AuditHealth,
  ) {
    this.logger = logService.getLogger('jobs');
  }

  get runningJobIds(): readonly string[] {
    return [...this.running.keys()];
  }

  async start(spec: JobSpec, work: (context: JobContext) => Promise<JobResult>, token?: CancellationToken): Promise<JobHandle> {
    const { job, joined } = await this.store.create(spec);
    if (joined) return this.join(job, token);
    const source = new CancellationTokenSource(token);
    // Every line logged while the job runs (restic, retries, its end) names the job.
    const done = this.logService.withContext({ jobId: job.id }, () => this.execute(job, spec, work, source));
    this.running.set(job.id, { source, done });
    this.changeEmitter.fire(job);
    this.note(job.id, `queued: ${job.kind} ${job.plan ?? job.repository} for ${currentActor(this.options.actor)}`);
    return { job, joined: false, done };
  }

  async run(spec: JobSpec, work: (context: JobContext) => Promise<JobResult>, token?: CancellationToken): Promise<JobOutcome> {
    return (await this.start(spec, work, token)).done;
  }

  cancel(jobId: string, reason: JobStopReason = 'user'): boolean {
    const running = this.running.get(jobId);
    if (!running) return false;
    this.stopReasons.set(jobId, reason);
    running.source.cancel();
    return true;
  }

  async drain(cancel: boolean): Promise<void> {
    if (cancel) for (const id of this.running.keys()) this.cancel(id);
    await Promise.all([...this.running.values()].map((r) => r.done));
  }

  async markOrphansInterrupted(): Promise<JobDto[]> {
    const interrupted = await this.store.markOrphansInterrupted();
    for (const job of interrupted) {
      this.logger.warn(`job ${job.id} (${job.kind} ${job.repository}) was interrupted: the process running it stopped.`);
      this.changeEmitter.fire(job);
      this.finishEmitter.fire(job);
    }
    return interrupted;
  }

  /** Another request for a job that is already live: the caller follows that job instead of starting one. */
  private join(job: JobDto, token: CancellationToken | undefined): JobHandle {
    this.note(job.id, `joined by ${currentActor(this.options.actor)}: the ${job.kind} of ${job.plan ?? job.repository} was already ${job.status}`);
    const ours = this.running.get(job.id);
    return { job, joined: true, done: ours ? ours.done : followJob(this.store, job.id, token).then((ended) => ({ job: ended })) };
  }

  private async execute(queued: JobDto, spec: JobSpec, work: (context: JobContext) => Promise<JobResult>, source: CancellationTokenSource): Promise<JobOutcome> {
    const lock = this.lockFor(spec.repository);
    const releaseLock = await lock.acquire(exclusiveKinds.has(spec.kind));
    const releaseSlot = await this.acquireSlot();
    const id = queued.id;
    try {
      if (source.token.isCancellationRequested) return { job: await this.finish(id, { status: 'cancelled', error: 'Cancelled before it started.' }) };
      this.note(id, `started (pid ${process.pid})`);
      // Recorded while the work prepares and starts (restic need not wait for the catalog write); the end is recorded
      // only after it. A job that cannot be recorded as running is stopped and fails, saying why.
      let unrecorded: Error | undefined;
      const recordedRunning = this.store.update(id, { status: 'running', startedAt: new Date().toISOString(), ownerPid: process.pid }).then(
        (started) => {
          this.changeEmitter.fire(started);
        },
        (error: unknown) => {
          unrecorded = new Error(`The job could not be recorded as running, so it was stopped: ${(error as Error).message}`, { cause: error });
          this.logger.error(`job ${id}: ${unrecorded.message}`);
          source.cancel();
        },
      );
      const progressLines = new ProgressLines();
      let shown: JobProgressData | undefined;
      const context: JobContext = {
        jobId: id,
        token: source.token,
        reportProgress: (progress) => {
          shown = honestProgress(shown, progress);
          this.progressEmitter.fire({ ...shown, jobId: id });
          const line = progressLines.lineFor(shown);
          if (line) this.note(id, line);
        },
        log: (raw) => {
          const line = this.logService.mask(raw);
          this.note(id, line);
          this.logEmitter.fire({ jobId: id, time: new Date().toISOString(), line });
        },
      };
      try {
        const result = await work(context);
        await recordedRunning;
        if (unrecorded) throw unrecorded;
        return { job: await this.finish(id, { status: 'succeeded', ...(result.summary ? { summary: result.summary } : {}), ...(result.warning ? { error: result.warning } : {}) }) };
      } catch (thrown) {
        await recordedRunning;
        const cause = unrecorded ?? thrown;
        const cancelled = !unrecorded && (isCancellation(cause) || source.token.isCancellationRequested);
        const message = this.logService.mask(cause instanceof Error ? cause.message : String(cause));
        const status = !cancelled ? 'failed' : this.stopReasons.get(id) === 'window-end' ? 'stopped-at-window-end' : 'cancelled';
        return { job: await this.finish(id, { status, error: status === 'stopped-at-window-end' ? windowEndMessage : message }), cause };
      }
    } finally {
      releaseSlot();
      releaseLock();
      this.running.delete(id);
      this.stopReasons.delete(id);
      source.dispose();
      if (lock.idle) this.locks.delete(spec.repository);
    }
  }

  private async finish(id: string, end: JobEnd): Promise<JobDto> {
    const auditProblem = this.auditHealth?.problemHere;
    if (auditProblem) this.note(id, `warning: audit log: ${auditProblem.problem}`);
    this.note(id, `${end.status}${end.error ? `: ${end.error}` : ''}`);
    const summary = auditProblem ? { ...end.summary, auditProblem: auditProblem.problem } : end.summary;
    const job = await this.store.finish(id, { ...end, ...(summary ? { summary } : {}) });
    this.logger.info(`job ${job.id} ${job.kind} ${job.repository}${job.plan ? `/${job.plan}` : ''}: ${job.status}${job.error ? ` — ${job.error}` : ''}`);
    this.changeEmitter.fire(job);
    this.finishEmitter.fire(job);
    return job;
  }

  /** A timestamped line in the job's output; a failure to write it is logged, never fatal to the job. */
  private note(id: string, line: string): void {
    this.store.appendLog(id, [`${new Date().toISOString()} ${line}`])
      .catch((error: unknown) => this.logger.warn(`job ${id}: could not keep its output: ${(error as Error).message}`));
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
