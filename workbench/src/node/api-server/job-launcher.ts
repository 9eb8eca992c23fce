import { CancellationTokenSource, type CancellationToken, type JobDto, type JobKind } from '@timelocker/plugin-api';
import { inject, injectable } from 'inversify';
import { LogService, type Logger } from '../core/log-service.js';
import { JobStore } from '../catalog/job-store.js';
import { JobService } from '../jobs/job-service.js';

export interface LaunchSpec {
  readonly kind: JobKind;
  readonly repository: string;
  readonly plan?: string;
}

/**
 * Runs jobs in the server process without holding the HTTP request: resolves with the queued job as soon as
 * JobService has recorded it, or rejects when the operation refuses to start (bad plan, missing paths …).
 */
@injectable()
export class JobLauncher {
  private readonly claimed = new Set<string>();
  private readonly running = new Map<string, Promise<unknown>>();
  private readonly logger: Logger;

  constructor(
    @inject(JobService) private readonly jobs: JobService,
    @inject(JobStore) private readonly store: JobStore,
    @inject(LogService) logService: LogService,
  ) {
    this.logger = logService.getLogger('api');
  }

  launch(spec: LaunchSpec, run: (token: CancellationToken) => Promise<unknown>): Promise<JobDto> {
    const source = new CancellationTokenSource();
    let settle!: () => void;
    const settled = new Promise<void>((r) => (settle = r));
    return new Promise<JobDto>((resolve, reject) => {
      let queued: JobDto | undefined;
      // JobService fires `queued` right after recording the job; jobs with the same spec are interchangeable.
      const listener = this.jobs.onDidChangeJob((job) => {
        if (queued || job.status !== 'queued' || job.kind !== spec.kind || job.repository !== spec.repository
          || (spec.plan !== undefined && job.plan !== spec.plan) || this.claimed.has(job.id)) return;
        queued = job;
        this.claimed.add(job.id);
        this.running.set(job.id, settled);
        listener.dispose();
        resolve(job);
      });
      run(source.token).then(
        () => undefined,
        (error: unknown) => {
          if (!queued) reject(error);
          else this.logger.warn(`job ${queued.id} ended with an error: ${(error as Error).message}`);
        },
      ).finally(() => {
        listener.dispose();
        source.dispose();
        if (queued) {
          this.claimed.delete(queued.id);
          this.running.delete(queued.id);
        } else reject(new Error('the operation finished without recording a job'));
        settle();
      });
    });
  }

  /** Jobs this server started that have not finished. */
  get runningJobIds(): string[] {
    return [...this.running.keys()];
  }

  /**
   * `cancel`: stops every job running in this process (SIGINT to restic), whoever started it, and waits until each
   * has finished; otherwise waits for the jobs this server started.
   */
  async drain(cancel: boolean): Promise<void> {
    if (cancel) {
      const live = [...await this.store.list({ status: 'running' }), ...await this.store.list({ status: 'queued' })];
      const pending = new Set<string>();
      const finished = new Promise<void>((resolve) => {
        const listener = this.jobs.onDidFinishJob((job) => {
          pending.delete(job.id);
          if (pending.size === 0) {
            listener.dispose();
            resolve();
          }
        });
        // cancel() is false for jobs another process runs: those are not ours to stop.
        for (const job of live) if (this.jobs.cancel(job.id)) pending.add(job.id);
        if (pending.size === 0) {
          listener.dispose();
          resolve();
        }
      });
      await finished;
    }
    await Promise.all(this.running.values());
  }
}
