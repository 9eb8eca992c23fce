import { createHash } from 'node:crypto';
import { CancellationTokenSource, type NotificationDto } from '@timelocker/plugin-api';
import { inject, injectable, optional } from 'inversify';
import { AuditService } from '../audit/audit-service.js';
import { JobStore } from '../catalog/job-store.js';
import { ConfigService } from '../config/config-service.js';
import { typedEntryParts } from '../config/typed-entry-settings.js';
import { NotFoundError, OperationError, UsageError } from '../core/errors.js';
import { LogService, type Logger } from '../core/log-service.js';
import { CredentialsError, CredentialsService } from '../credentials/credentials-service.js';
import { ContributionRegistry } from '../plugins/contribution-registry.js';
import { NotifierRegistry } from '../plugins/notifier-registry.js';
import { ProviderUnavailableError } from '../plugins/plugin-errors.js';
import { messageHash, staleNotification, testNotification } from './notification-messages.js';
import { NotificationRateLimiter } from './notification-rate-limiter.js';
import { type Delivery, notifierAccount, type NotificationScope, type NotificationService, type StaleFinding } from './notification-service.js';
import { DEFAULT_RATE_LIMIT_MINUTES, DEFAULT_STALE_HOURS, notifierKernelKeys, type NotificationRule, type NotificationsConfig, notificationsOf } from './notifications-schema.js';

/** A notifier that hangs (SMTP greeting never comes) must not keep a CLI backup from exiting. */
const SEND_TIMEOUT_MS = 30_000;

/** A rule's identity for rate limiting: its content, so reordering rules keeps their history. */
function ruleKey(rule: NotificationRule): string {
  return createHash('sha256').update(JSON.stringify(rule)).digest('hex').slice(0, 16);
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

@injectable()
export class NotificationServiceImpl implements NotificationService {
  private readonly logger: Logger;
  private readonly pending = new Set<Promise<unknown>>();

  constructor(
    @inject(ConfigService) private readonly config: ConfigService,
    @inject(NotifierRegistry) private readonly notifiers: NotifierRegistry,
    @inject(ContributionRegistry) private readonly contributions: ContributionRegistry,
    @inject(CredentialsService) private readonly credentials: CredentialsService,
    @inject(JobStore) private readonly jobs: JobStore,
    @inject(NotificationRateLimiter) private readonly limiter: NotificationRateLimiter,
    @inject(LogService) private readonly logs: LogService,
    @inject(AuditService) @optional() private readonly audit: AuditService | undefined,
  ) {
    this.logger = logs.getLogger('notifications');
  }

  notify(notification: NotificationDto, scope: NotificationScope = {}): Promise<Delivery[]> {
    return this.track(async () => {
      const section = await this.section();
      const targets = new Map<string, NotificationRule>();
      for (const rule of section?.rules ?? []) {
        if (!(rule.events as readonly string[]).includes(notification.event)) continue;
        if (rule.plans && !(scope.plan && rule.plans.includes(scope.plan))) continue;
        // One message per notifier even when several rules name it.
        for (const name of rule.notifiers) if (!targets.has(name)) targets.set(name, rule);
      }
      return this.deliverAll(targets, notification, section ?? {});
    });
  }

  checkStale(now = new Date()): Promise<{ stale: StaleFinding[]; deliveries: Delivery[] }> {
    return this.track(async () => {
      const config = await this.config.get();
      const section = notificationsOf(config) ?? {};
      const stale: StaleFinding[] = [];
      const deliveries: Delivery[] = [];
      const rules = (section.rules ?? []).filter((r) => r.events.includes('stale'));
      // From the plans' run totals in the catalog: no walk through the job history.
      const lastSuccess = new Map(rules.length > 0 ? (await this.jobs.planHealth()).map((h) => [h.plan, h.lastSuccess ?? undefined]) : []);
      for (const rule of rules) {
        const staleHours = rule.staleHours ?? DEFAULT_STALE_HOURS;
        for (const [plan, planConfig] of Object.entries(config.plans)) {
          if (rule.plans && !rule.plans.includes(plan)) continue;
          const last = lastSuccess.get(plan);
          if (last && now.getTime() - Date.parse(last) <= staleHours * 3_600_000) continue;
          const finding: StaleFinding = { plan, repository: planConfig.repository, staleHours, ...(last ? { lastSuccess: last } : {}) };
          stale.push(finding);
          const targets = new Map(rule.notifiers.map((name) => [name, rule] as const));
          deliveries.push(...(await this.deliverAll(targets, staleNotification(finding), section, now)));
        }
      }
      return { stale, deliveries };
    });
  }

  async test(notifier: string): Promise<void> {
    try {
      await this.send(notifier, testNotification(notifier), await this.section());
    } catch (error) {
      if (error instanceof NotFoundError || error instanceof UsageError || error instanceof CredentialsError || error instanceof ProviderUnavailableError) throw error;
      throw new OperationError(`The notifier "${notifier}" failed: ${this.logs.mask(errorText(error))}`);
    }
  }

  async idle(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }

  private track<T>(work: () => Promise<T>): Promise<T> {
    const running = work();
    this.pending.add(running);
    void running.finally(() => this.pending.delete(running)).catch(() => undefined);
    return running;
  }

  private async section(): Promise<NotificationsConfig | undefined> {
    return notificationsOf(await this.config.get());
  }

  private deliverAll(targets: ReadonlyMap<string, NotificationRule>, notification: NotificationDto, section: NotificationsConfig, now = new Date()): Promise<Delivery[]> {
    return Promise.all([...targets].map(([name, rule]) => this.deliver(name, ruleKey(rule), notification, section, now)));
  }

  private async deliver(name: string, rule: string, notification: NotificationDto, section: NotificationsConfig, now: Date): Promise<Delivery> {
    const key = { rule, notifier: name, messageHash: messageHash(notification) };
    const base = { notifier: name, event: notification.event };
    try {
      if (await this.limiter.sentWithin(key, section.rateLimitMinutes ?? DEFAULT_RATE_LIMIT_MINUTES, now)) {
        this.logger.info(`${notification.event} to ${name}: an identical message was sent recently; not sent again`);
        return { ...base, status: 'rate-limited' };
      }
      await this.send(name, notification, section);
      await this.limiter.recordSent(key, now);
      this.logger.info(`${notification.event} sent to ${name}`);
      return { ...base, status: 'sent' };
    } catch (error) {
      const message = this.logs.mask(errorText(error));
      if (error instanceof ProviderUnavailableError) {
        // The plugin was disabled or removed on purpose (and that was audited); the entry is reported as inactive.
        this.logger.warn(`${notification.event} not sent: notifier "${name}" is inactive: ${message}`);
        return { ...base, status: 'inactive', error: message };
      }
      this.logger.warn(`${notification.event} to notifier ${name} failed: ${message}`);
      await this.audit?.record({
        type: 'notification.failed', severity: 'warning', target: `notifier:${name}`, details: { event: notification.event, error: message },
      }).catch((auditError: unknown) => this.logger.warn(`could not audit the notifier failure: ${errorText(auditError)}`));
      return { ...base, status: 'failed', error: message };
    }
  }

  private async send(name: string, notification: NotificationDto, section: NotificationsConfig | undefined): Promise<void> {
    const entry = section?.notifiers?.[name];
    if (!entry) {
      const known = Object.keys(section?.notifiers ?? {});
      throw new NotFoundError(`No notifier "${name}" under notifications.notifiers in the config; configured: ${known.join(', ') || '(none)'}.`);
    }
    const { settings, secrets } = await typedEntryParts(entry, notifierKernelKeys, this.contributions.find('notifiers', entry.type)?.entry.secrets ?? [],
      (field, source) => this.credentials.resolve(notifierAccount(name, field), source));
    const timeout = new CancellationTokenSource();
    const timer = setTimeout(() => timeout.cancel(), SEND_TIMEOUT_MS);
    try {
      await this.notifiers.send(entry.type, notification, settings, secrets, timeout.token);
    } catch (error) {
      if (timeout.token.isCancellationRequested) throw new Error(`the ${entry.type} notifier did not finish within ${SEND_TIMEOUT_MS / 1000} s`);
      throw error;
    } finally {
      clearTimeout(timer);
      timeout.dispose();
    }
  }
}
