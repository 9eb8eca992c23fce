import { inject, injectable, optional } from 'inversify';
import type { Registry } from 'prom-client';
import { AuditService } from '../audit/audit-service.js';
import { PluginService } from '../plugins/plugin-service.js';
import { SchedulerService } from '../scheduler/scheduler-service.js';
import { epochSeconds, registerFamily } from './metric-family.js';
import type { PrometheusContribution } from './prometheus-contribution.js';

/** A scrape verifies the audit chain itself when nobody did for this long (each verification is itself audited). */
export const AUDIT_VERIFY_MAX_AGE_MS = 60 * 60_000;

interface ChainState {
  readonly intact: boolean;
  readonly verifiedAt: string;
}

/** The audit chain's state (from the newest verification), the plugin host and the scheduler. */
@injectable()
export class HealthMetrics implements PrometheusContribution {
  private chain: Promise<ChainState> | undefined;

  constructor(
    @inject(PluginService) private readonly plugins: PluginService,
    @inject(AuditService) @optional() private readonly audit: AuditService | undefined,
    @inject(SchedulerService) @optional() private readonly scheduler: SchedulerService | undefined,
  ) {}

  registerMetrics(registry: Registry): void {
    if (this.audit) {
      const audit = this.audit;
      registerFamily(registry, {
        name: 'timelocker_audit_chain_intact', help: `1 when the newest verification found the audit log's hash chain intact, 0 when it found damage (verified at scrape time when the newest verification is older than ${AUDIT_VERIFY_MAX_AGE_MS / 60_000} minutes).`,
        read: async () => [[{}, (await this.chainState(audit)).intact ? 1 : 0]],
      });
      registerFamily(registry, {
        name: 'timelocker_audit_last_verified_timestamp_seconds', help: 'When the audit log was last verified.',
        read: async () => [[{}, epochSeconds((await this.chainState(audit)).verifiedAt)]],
      });
    }
    registerFamily(registry, {
      name: 'timelocker_plugin_host_restarts_total', type: 'counter', help: 'Times the plugin host process died and was restarted since the workbench started.',
      read: () => [[{}, this.plugins.hostHealth().restarts]],
    });
    registerFamily(registry, { name: 'timelocker_plugin_host_up', help: '1 while the plugin host process runs.', read: () => [[{}, this.plugins.hostHealth().up ? 1 : 0]] });
    if (!this.scheduler) return;
    const scheduler = this.scheduler;
    registerFamily(registry, { name: 'timelocker_scheduler_running', help: '1 while this workbench runs scheduled tasks.', read: () => [[{}, scheduler.active ? 1 : 0]] });
    registerFamily(registry, {
      name: 'timelocker_scheduler_lag_seconds', help: 'How late the most recent scheduled run started after its slot (catch-up runs after downtime count in full).',
      read: () => (scheduler.lagSeconds === undefined ? [] : [[{}, scheduler.lagSeconds]]),
    });
  }

  private chainState(audit: AuditService): Promise<ChainState> {
    this.chain ??= this.readChainState(audit).finally(() => (this.chain = undefined));
    return this.chain;
  }

  private async readChainState(audit: AuditService): Promise<ChainState> {
    const [newest] = await audit.list({ type: 'audit.verified', limit: 1 });
    if (newest && Date.now() - Date.parse(newest.time) < AUDIT_VERIFY_MAX_AGE_MS) return { intact: newest.details['intact'] === true, verifiedAt: newest.time };
    const verifiedAt = new Date().toISOString();
    return { intact: (await audit.verify()).intact, verifiedAt };
  }
}
