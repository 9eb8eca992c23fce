import { CancellationToken, type JobDto } from '@timelocker/plugin-api';
import { inject, injectable, optional } from 'inversify';
import type { KernelContribution } from '../../common/kernel-contribution.js';
import { type Logger, LogService } from '../core/log-service.js';
import { JobService } from '../jobs/job-service.js';
import { FileIndexService } from './file-index-service.js';

/** The index follows forget at once: snapshots a forget job removed leave the index without asking restic again. */
@injectable()
export class FileIndexContribution implements KernelContribution {
  readonly id = 'file-index';
  private readonly logger: Logger;
  private readonly pending = new Set<Promise<void>>();

  constructor(
    @inject(FileIndexService) private readonly index: FileIndexService,
    @inject(LogService) logService: LogService,
    @inject(JobService) @optional() private readonly jobs: JobService | undefined,
  ) {
    this.logger = logService.getLogger('file-index');
  }

  initialize(): void {
    this.jobs?.onDidFinishJob((job) => this.onJob(job));
  }

  private onJob(job: JobDto): void {
    const removed = job.summary?.['removedSnapshots'];
    if (job.kind !== 'forget' || job.status !== 'succeeded' || !Array.isArray(removed) || removed.length === 0) return;
    const work = this.index.drop(job.repository, removed.map(String))
      .catch((error: unknown) => this.logger.warn(`${job.repository}: could not drop forgotten snapshots from the file index: ${(error as Error).message}`))
      .finally(() => this.pending.delete(work));
    this.pending.add(work);
  }

  /**
   * Called by launchers that keep running (server): catch up with snapshots made while nothing was running, then load
   * the index into memory, so that the first search as you type does not wait for it.
   */
  catchUp(): Promise<void> {
    const work = this.index.sync(undefined, CancellationToken.None).then(() => this.index.status()).then(() => undefined)
      .catch((error: unknown) => this.logger.warn(`file index catch-up failed: ${(error as Error).message}`))
      .finally(() => this.pending.delete(work));
    this.pending.add(work);
    return work;
  }

  async onStop(): Promise<void> {
    await Promise.allSettled([...this.pending]);
  }
}
