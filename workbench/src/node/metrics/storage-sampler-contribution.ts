import { CancellationTokenSource, type JobDto } from '@timelocker/plugin-api';
import { inject, injectable, optional } from 'inversify';
import type { KernelContribution } from '../../common/kernel-contribution.js';
import { KernelOptions } from '../core/kernel-options.js';
import { JobService } from '../jobs/job-service.js';
import { StorageSampler } from './storage-sampler.js';

/**
 * A long-lived workbench samples a repository's size after a successful backup or copy into it, once the job has
 * released the repository's slot. One CLI command never does: it would make the user wait for `restic stats`.
 */
@injectable()
export class StorageSamplerContribution implements KernelContribution {
  readonly id = 'storage-sampler';
  private readonly pending = new Set<Promise<unknown>>();
  private readonly stopping = new CancellationTokenSource();

  constructor(
    @inject(StorageSampler) private readonly sampler: StorageSampler,
    @inject(KernelOptions) private readonly options: KernelOptions,
    @inject(JobService) @optional() private readonly jobs: JobService | undefined,
  ) {}

  initialize(): void {
    if (this.options.longLived) this.jobs?.onDidFinishJob((job) => this.onJob(job));
  }

  private onJob(job: JobDto): void {
    if ((job.kind !== 'backup' && job.kind !== 'copy') || job.status !== 'succeeded') return;
    const work = this.sampler.sampleIfStale(job.repository, job.id, this.stopping.token).finally(() => this.pending.delete(work));
    this.pending.add(work);
  }

  async onStop(): Promise<void> {
    this.stopping.cancel();
    await Promise.allSettled([...this.pending]);
  }
}
