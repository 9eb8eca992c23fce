import type { Disposable, JobDto } from '@timelocker/plugin-api';
import { inject, injectable, optional } from 'inversify';
import type { KernelContribution } from '../../common/kernel-contribution.js';
import { type AuditProblem, AuditHealth } from '../audit/audit-health.js';
import { breakerNotification } from '../breaker/breaker-messages.js';
import { type BreakerChangeEvent, CircuitBreakerService } from '../breaker/circuit-breaker-service.js';
import { KernelOptions } from '../core/kernel-options.js';
import { BackgroundWork } from '../core/background-work.js';
import { LogService } from '../core/log-service.js';
import { JobService } from '../jobs/job-service.js';
import { type PolicyFinding, type PolicyScope, PolicyService } from '../policies/policy-service.js';
import { auditFailedNotification, jobNotification, policyNotification } from './notification-messages.js';
import { NotificationService } from './notification-service.js';

/** How often a long-lived kernel (server, daemon) looks for stale plans; CLI backups check at their end instead. */
export const STALE_CHECK_INTERVAL_MS = 15 * 60_000;

/**
 * Turns kernel events into notifications: finished backup/check jobs, policy findings, audit log failures, circuit
 * breakers opening and closing, and a stale check after every backup. Deliveries run in the background; `onStop` waits for them, and this contribution is bound before
 * the plugin host's so the notifiers are still reachable while it waits.
 */
@injectable()
export class NotificationsContribution implements KernelContribution {
  readonly id = 'notifications';
  private readonly work: BackgroundWork;
  private subscriptions: Disposable[] = [];
  private staleTimer: NodeJS.Timeout | undefined;

  constructor(
    @inject(NotificationService) private readonly notifications: NotificationService,
    @inject(JobService) private readonly jobs: JobService,
    @inject(PolicyService) private readonly policies: PolicyService,
    @inject(KernelOptions) private readonly options: KernelOptions,
    @inject(LogService) logs: LogService,
    @inject(AuditHealth) @optional() private readonly auditHealth: AuditHealth | undefined,
    @inject(CircuitBreakerService) @optional() private readonly breakers: CircuitBreakerService | undefined,
  ) {
    this.work = new BackgroundWork(logs.getLogger('notifications'));
  }

  onStart(): void {
    this.subscriptions = [
      this.jobs.onDidFinishJob((job) => this.jobFinished(job)),
      this.policies.onDidFindViolations(({ scope, findings }) => this.violationsFound(scope, findings)),
      ...(this.auditHealth ? [this.auditHealth.onDidReportProblem((problem) => this.auditFailed(problem))] : []),
      ...(this.breakers ? [this.breakers.onDidChangeBreaker((event) => this.breakerChanged(event))] : []),
    ];
    // A problem met while the kernel started (before this subscription) is announced too.
    const early = this.auditHealth?.problemHere;
    if (early) this.auditFailed(early);
    if (this.options.longLived) {
      this.work.run('stale plan check', this.notifications.checkStale());
      this.staleTimer = setInterval(() => this.work.run('stale plan check', this.notifications.checkStale()), STALE_CHECK_INTERVAL_MS);
      this.staleTimer.unref();
    }
  }

  async onStop(): Promise<void> {
    clearInterval(this.staleTimer);
    await this.work.idle();
    for (const s of this.subscriptions) s.dispose();
    this.subscriptions = [];
    await this.notifications.idle();
  }

  private jobFinished(job: JobDto): void {
    const notification = jobNotification(job);
    if (notification) this.work.run(`notifying ${notification.event}`, this.notifications.notify(notification, job.plan ? { plan: job.plan } : {}));
    if (job.kind === 'backup') this.work.run('stale plan check', this.notifications.checkStale());
  }

  private violationsFound(scope: PolicyScope, findings: readonly PolicyFinding[]): void {
    if (findings.length > 0) this.work.run('notifying policy findings', this.notifications.notify(policyNotification(scope, findings), scope.plan ? { plan: scope.plan } : {}));
  }

  private auditFailed(problem: AuditProblem): void {
    this.work.run('notifying audit.failed', this.notifications.notify(auditFailedNotification(problem)));
  }

  private breakerChanged(event: BreakerChangeEvent): void {
    this.work.run(`notifying breaker.${event.change}`, this.notifications.notify(breakerNotification(event)));
  }
}
