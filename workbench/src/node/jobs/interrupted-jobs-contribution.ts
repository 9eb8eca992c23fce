import { inject, injectable } from 'inversify';
import type { KernelContribution } from '../../common/kernel-contribution.js';
import { JobService } from './job-service.js';

/**
 * A job left `running` by a process that died is ended as `interrupted` when the next kernel starts. In `onStart`,
 * so the features that record or announce ended jobs (audit, notifications) have subscribed in `initialize`.
 */
@injectable()
export class InterruptedJobsContribution implements KernelContribution {
  readonly id = 'jobs.interrupted';

  constructor(@inject(JobService) private readonly jobs: JobService) {}

  async onStart(): Promise<void> {
    await this.jobs.markOrphansInterrupted();
  }
}
