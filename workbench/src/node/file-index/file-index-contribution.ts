import { CancellationTokenSource, type JobDto } from '@timelocker/plugin-api';
import { inject, injectable, optional } from 'inversify';
import type { KernelContribution } from '../../common/kernel-contribution.js';
import { ConfigService } from '../config/config-service.js';
import { KernelOptions } from '../core/kernel-options.js';
import { type Logger, LogService } from '../core/log-service.js';
import { JobService } from '../jobs/job-service.js';
import { indexAfterBackupOf } from './file-index-schema.js';
import { FileIndexService } from './file-index-service.js';

/**
 * The index follows forget at once: snapshots a forget job removed leave the index without asking restic again. A
 * long-lived workbench indexes new snapshots in the background once a backup or copy job is done (`fileIndex.afterBackup`);
 * one CLI command leaves that to the next `find`/`versions`/`index`, so that a backup costs what `restic backup` costs.
 */
@injectable()
export class FileIndexContribution implements KernelContribution {
  readonly id = 'file-index';
  private readonly logger: Logger;
  private readonly pending = new Set<Promise<void>>();
  /** Cancelled when the kernel stops: indexing is derived data that the next sync finishes, so a stop never waits for it. */
  private readonly stopping = new CancellationTokenSource();

  constructor(
    @inject(FileIndexService) private readonly index: FileIndexService,
    @inject(LogService) logService: LogService,
    @inject(ConfigService) private readonly config: ConfigService,
    @inject(KernelOptions) private readonly options: KernelOptions,
    @inject(JobService) @optional() private readonly jobs: JobService | undefined,
  ) {
    this.logger = logService.getLogger('file-index');
  }

  initialize(): void {
    this.jobs?.onDidFinishJob((job) => this.onJob(job));
  }

  private onJob(job: JobDto): void {
    if ((job.kind === 'backup' || job.kind === 'copy') && job.status === 'succeeded' && this.options.longLived) {
      this.track(this.indexAfterBackup(job.repository)
        .catch((error: unknown) => this.logger.warn(`${job.repository}: could not index the new snapshot: ${(error as Error).message}`)));
      return;
    }
    const removed = job.summary?.['removedSnapshots'];
    if (job.kind !== 'forget' || job.status !== 'succeeded' || !Array.isArray(removed) || removed.length === 0) return;
    this.track(this.index.drop(job.repository, removed.map(String))
      .catch((error: unknown) => this.logger.warn(`${job.repository}: could not drop forgotten snapshots from the file index: ${(error as Error).message}`)));
  }

  /** Never a failure of the backup: the index is derived data, and a failed sync is retried by the next one. */
  private async indexAfterBackup(repository: string): Promise<void> {
    if (indexAfterBackupOf(await this.config.get())) await this.index.sync([repository], this.stopping.token);
  }

  private track(work: Promise<void>): Promise<void> {
    const tracked = work.finally(() => this.pending.delete(tracked));
    this.pending.add(tracked);
    return tracked;
  }

  /**
   * Called by launchers that keep running (server): catch up with snapshots made while nothing was running, then load
   * the index into memory, so that the first search as you type does not wait for it.
   */
  catchUp(): Promise<void> {
    return this.track(this.index.sync(undefined, this.stopping.token).then(() => this.index.status()).then(() => undefined)
      .catch((error: unknown) => this.logger.warn(`file index catch-up failed: ${(error as Error).message}`)));
  }

  async onStop(): Promise<void> {
    this.stopping.cancel();
    await Promise.allSettled([...this.pending]);
  }
}
