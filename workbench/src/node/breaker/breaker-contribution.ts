import type { Disposable } from '@timelocker/plugin-api';
import { inject, injectable, optional } from 'inversify';
import type { KernelContribution } from '../../common/kernel-contribution.js';
import { AuditService } from '../audit/audit-service.js';
import { LogService, type Logger } from '../core/log-service.js';
import { JobService } from '../jobs/job-service.js';
import { NotificationService } from '../notifications/notification-service.js';
import { breakerAuditEvent, breakerNotification } from './breaker-messages.js';
import { CircuitBreakerService } from './circuit-breaker-service.js';

/**
 * Closes a repository's breaker after any successful job on it (manual runs included), and tells the audit log and
 * the notifiers when a breaker opens or closes. Bound before notifications, so `onStop` can still deliver.
 */
@injectable()
export class BreakerContribution implements KernelContribution {
  readonly id = 'breaker';
  private readonly logger: Logger;
  private subscriptions: Disposable[] = [];
  private readonly pending = new Set<Promise<unknown>>();

  constructor(
    @inject(CircuitBreakerService) private readonly breakers: CircuitBreakerService,
    @inject(JobService) private readonly jobs: JobService,
    @inject(NotificationService) private readonly notifications: NotificationService,
    @inject(LogService) logs: LogService,
    @inject(AuditService) @optional() private readonly audit: AuditService | undefined,
  ) {
    this.logger = logs.getLogger('breaker');
  }

  onStart(): void {
    this.subscriptions = [
      this.jobs.onDidFinishJob((job) => {
        if (job.status === 'succeeded') this.background(`closing the breaker of ${job.repository}`, this.breakers.recordSuccess(job.repository));
      }),
      this.breakers.onDidChangeBreaker((event) => {
        if (this.audit) this.background(`auditing breaker.${event.change}`, this.audit.record(breakerAuditEvent(event)));
        this.background(`notifying breaker.${event.change}`, this.notifications.notify(breakerNotification(event)));
      }),
    ];
  }

  async onStop(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
    for (const subscription of this.subscriptions) subscription.dispose();
    this.subscriptions = [];
  }

  private background(what: string, work: Promise<unknown>): void {
    const tracked = work.catch((error: unknown) => this.logger.error(`${what} failed: ${error instanceof Error ? error.message : String(error)}`))
      .finally(() => this.pending.delete(tracked));
    this.pending.add(tracked);
  }
}
