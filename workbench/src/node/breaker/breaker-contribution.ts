import type { Disposable, JobDto } from '@timelocker/plugin-api';
import { inject, injectable, optional } from 'inversify';
import type { KernelContribution } from '../../common/kernel-contribution.js';
import { AuditService } from '../audit/audit-service.js';
import { BackgroundWork } from '../core/background-work.js';
import { LogService } from '../core/log-service.js';
import { JobService } from '../jobs/job-service.js';
import { breakerAuditEvent } from './breaker-messages.js';
import { type BreakerChangeEvent, CircuitBreakerService } from './circuit-breaker-service.js';

/**
 * Closes a repository's breaker after any successful job on it (manual runs included), and tells the audit log when a
 * breaker opens or closes (the notifications feature listens for itself). Bound before notifications, so a change
 * `onStop` still causes is notified.
 */
@injectable()
export class BreakerContribution implements KernelContribution {
  readonly id = 'breaker';
  private readonly work: BackgroundWork;
  private subscriptions: Disposable[] = [];

  constructor(
    @inject(CircuitBreakerService) private readonly breakers: CircuitBreakerService,
    @inject(JobService) private readonly jobs: JobService,
    @inject(LogService) logs: LogService,
    @inject(AuditService) @optional() private readonly audit: AuditService | undefined,
  ) {
    this.work = new BackgroundWork(logs.getLogger('breaker'));
  }

  onStart(): void {
    this.subscriptions = [
      this.jobs.onDidFinishJob((job) => this.jobFinished(job)),
      this.breakers.onDidChangeBreaker((event) => this.breakerChanged(event)),
    ];
  }

  /** Still subscribed while waiting: closing a breaker fires the change that must still be audited. */
  async onStop(): Promise<void> {
    await this.work.idle();
    for (const subscription of this.subscriptions) subscription.dispose();
    this.subscriptions = [];
  }

  private jobFinished(job: JobDto): void {
    if (job.status === 'succeeded') this.work.run(`closing the breaker of ${job.repository}`, this.breakers.recordSuccess(job.repository));
  }

  private breakerChanged(event: BreakerChangeEvent): void {
    if (this.audit) this.work.run(`auditing breaker.${event.change}`, this.audit.record(breakerAuditEvent(event)));
  }
}
