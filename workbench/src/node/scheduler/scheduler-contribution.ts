import { inject, injectable } from 'inversify';
import type { KernelContribution } from '../../common/kernel-contribution.js';
import { KernelOptions } from '../core/kernel-options.js';
import { SchedulerService } from './scheduler-service.js';

/** One CLI command must not start scheduled backups; a long-lived kernel (server, daemon) schedules from the start. */
@injectable()
export class SchedulerContribution implements KernelContribution {
  readonly id = 'scheduler';

  constructor(
    @inject(KernelOptions) private readonly options: KernelOptions,
    @inject(SchedulerService) private readonly scheduler: SchedulerService,
  ) {}

  async onStart(): Promise<void> {
    if (this.options.longLived) await this.scheduler.startScheduling();
  }

  async onStop(): Promise<void> {
    await this.scheduler.stopScheduling();
  }
}
