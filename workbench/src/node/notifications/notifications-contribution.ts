import type { Disposable, JobDto } from '@timelocker/plugin-api';
import { inject, injectable, optional } from 'inversify';
import type { KernelContribution } from '../../common/kernel-contribution.js';
import { AuditHealth } from '../audit/audit-health.js';
import { KernelOptions } from '../core/kernel-options.js';
import { LogService, type Logger } from '../core/log-service.js';
import { JobService } from '../jobs/job-service.js';
import { PolicyService } from '../policies/policy-service.js';
import { auditFailedNotification, jobNotification, policyNotification } from './notification-messages.js';
import { NotificationService } from './notification-service.js';

/** How often a long-lived kernel (server, daemon) looks for stale plans; CLI backups check at their end instead. */
export const STALE_CHECK_INTERVAL_MS = 15 * 60_000;

/**
 * Turns kernel events into notifications: finished backup/check jobs, policy findings, audit log failures, and a stale check after
 * every backup. Deliveries run in the background; `onStop` waits for them, and this contribution is bound before
 * the plugin host's so the notifiers are still reachable while it waits.
 */
@injectable()
export class NotificationsContribution implements KernelContribution {
  readonly id = 'notifications';
  private readonly logger: Logger;
  private subscriptions: Disposable[] = [];
  private staleTimer: NodeJS.Timeout | undefined;

  constructor(
    @inject(NotificationService) private readonly notifications: NotificationService,
    @inject(JobService) private readonly jobs: JobService,
    @inject(PolicyService) private readonly policies: PolicyService,
    @inject(KernelOptions) private readonly options: KernelOptions,
    @inject(LogService) logs: LogService,
    @inject(AuditHealth) @optional() private readonly auditHealth: AuditHealth | undefined,
  ) {
    this.logger = logs.getLogger('notifications');
  }

  onStart(): void {
    this.subscriptions = [
      this.jobs.onDidFinishJob((job) => this.jobFinished(job)),
      this.policies.onDidFindViolations(({ scope, findings }) => {
        if (findings.length > 0) this.background(this.notifications.notify(policyNotification(scope, findings), scope.plan ? { plan: scope.plan } : {}));
      }),
      ...(this.auditHealth ? [this.auditHealth.onDidReportProblem((problem) => this.background(this.notifications.notify(auditFailedNotification(problem))))] : []),
    ];
    // A problem met while the kernel started (before this subscription) is announced too.
    const early = this.auditHealth?.problemHere;
    if (early) this.background(this.notifications.notify(auditFailedNotification(early)));
    if (this.options.longLived) {
      this.background(this.notifications.checkStale());
      this.staleTimer = setInterval(() => this.background(this.notifications.checkStale()), STALE_CHECK_INTERVAL_MS);
      this.staleTimer.unref();
    }
  }

  async onStop(): Promise<void> {
    clearInterval(this.staleTimer);
    for (const s of this.subscriptions) s.dispose();
    this.subscriptions = [];
    await this.notifications.idle();
  }

  private jobFinished(job: JobDto): void {
    const notification = jobNotification(job);
    if (notification) this.background(this.notifications.notify(notification, job.plan ? { plan: job.plan } : {}));
    if (job.kind === 'backup') this.background(this.notifications.checkStale());
  }

  /** Event handlers cannot await; a config that no longer loads must not become an unhandled rejection. */
  private background(work: Promise<unknown>): void {
    work.catch((error: unknown) => this.logger.warn(`notifications skipped: ${error instanceof Error ? error.message : String(error)}`));
  }
}
