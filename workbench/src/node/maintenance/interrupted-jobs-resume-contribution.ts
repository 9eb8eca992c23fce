import { CancellationTokenSource } from '@timelocker/plugin-api';
import { inject, injectable } from 'inversify';
import type { KernelContribution } from '../../common/kernel-contribution.js';
import { KernelOptions } from '../core/kernel-options.js';
import { LogService } from '../core/log-service.js';
import { InterruptedJobsRecovery } from './interrupted-jobs-recovery.js';

/**
 * A long-running kernel (server, scheduler) recovers interrupted jobs in the background once it runs. The CLI, which
 * lives for one command, leaves that to `timelocker resume` so a quick `timelocker jobs` never starts a backup.
 */
@injectable()
export class InterruptedJobsResumeContribution implements KernelContribution {
  readonly id = 'maintenance.resume-interrupted';
  private readonly source = new CancellationTokenSource();
  private running: Promise<void> | undefined;

  constructor(
    @inject(KernelOptions) private readonly options: KernelOptions,
    @inject(InterruptedJobsRecovery) private readonly recovery: InterruptedJobsRecovery,
    @inject(LogService) private readonly logService: LogService,
  ) {}

  /** Resolves when the background recovery started by `onStart` is done (tests wait on it). */
  get done(): Promise<void> {
    return this.running ?? Promise.resolve();
  }

  onStart(): void {
    if (this.options.actor.startsWith('cli:')) return;
    this.running = this.recovery.recover(this.source.token).then(
      () => undefined,
      (error: unknown) => this.logService.getLogger('maintenance').error(`recovering interrupted jobs failed: ${error instanceof Error ? error.message : String(error)}`),
    );
  }

  async onStop(): Promise<void> {
    this.source.cancel();
    await this.running;
    this.source.dispose();
  }
}
