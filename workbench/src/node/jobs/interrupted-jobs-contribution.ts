import { inject, injectable } from 'inversify';
import type { KernelContribution } from '../../common/kernel-contribution.js';
import { JobStore } from '../catalog/job-store.js';
import { LogService } from '../core/log-service.js';

/** A job left `running` by a process that died is marked `interrupted` when the next kernel starts. */
@injectable()
export class InterruptedJobsContribution implements KernelContribution {
  readonly id = 'jobs.interrupted';

  constructor(
    @inject(JobStore) private readonly store: JobStore,
    @inject(LogService) private readonly logService: LogService,
  ) {}

  async initialize(): Promise<void> {
    const interrupted = await this.store.markOrphansInterrupted();
    for (const job of interrupted) {
      this.logService.getLogger('jobs').warn(`job ${job.id} (${job.kind} ${job.repository}) was interrupted: the process running it stopped.`);
    }
  }
}
