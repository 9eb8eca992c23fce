import { createHash } from 'node:crypto';
import type { JobDto, JsonObject } from '@timelocker/plugin-api';
import { inject, injectable, optional } from 'inversify';
import type { KernelContribution } from '../../common/kernel-contribution.js';
import { CatalogService } from '../catalog/catalog-service.js';
import { readState, writeState } from '../catalog/state-values.js';
import { LogService, type Logger } from '../core/log-service.js';
import { JobService } from '../jobs/job-service.js';
import { PluginService, type PluginStatus } from '../plugins/plugin-service.js';
import { type PolicyFinding, type PolicyScope, PolicyService } from '../policies/policy-service.js';
import type { AuditEvent, AuditSeverity } from './audit-service.js';
import { AuditServiceImpl } from './audit-service-impl.js';

const rejectionsKey = 'audit.recordedPluginRejections';

const jobOutcomes: Readonly<Record<string, readonly [suffix: string, severity: AuditSeverity]>> = {
  running: ['started', 'info'],
  succeeded: ['succeeded', 'info'],
  failed: ['failed', 'error'],
  cancelled: ['cancelled', 'warning'],
  interrupted: ['interrupted', 'warning'],
  'stopped-at-window-end': ['stopped-at-window-end', 'warning'],
};

/** Feeds the audit log from other features' events, so none of them has to know about auditing. */
@injectable()
export class AuditEventsContribution implements KernelContribution {
  readonly id = 'audit-events';
  private readonly logger: Logger;

  constructor(
    @inject(AuditServiceImpl) private readonly audit: AuditServiceImpl,
    @inject(CatalogService) private readonly catalog: CatalogService,
    @inject(LogService) private readonly logs: LogService,
    @inject(JobService) @optional() private readonly jobs: JobService | undefined,
    @inject(PluginService) @optional() private readonly plugins: PluginService | undefined,
    @inject(PolicyService) @optional() private readonly policies: PolicyService | undefined,
  ) {
    this.logger = logs.getLogger('audit');
  }

  async initialize(): Promise<void> {
    this.jobs?.onDidChangeJob((job) => this.onJob(job));
    this.plugins?.onDidChangePluginState((status) => this.onPlugin(status));
    this.policies?.onDidFindViolations((found) => this.onViolations(found.scope, found.findings));
  }

  /**
   * Plugins rejected at scan time, recorded once per distinct rejection (every CLI run scans again); which ones were
   * recorded is current state in the catalog, so no run reads the audit history for it.
   */
  async onStart(): Promise<void> {
    const rejected = this.plugins?.listPlugins().filter((p) => p.state === 'rejected') ?? [];
    if (rejected.length === 0) return;
    const signature = (plugin: PluginStatus): string => createHash('sha256').update(JSON.stringify([plugin.id, plugin.path, plugin.messages])).digest('hex').slice(0, 16);
    const known = new Set(await this.catalog.read((db) => readState<string[]>(db, rejectionsKey) ?? []));
    const fresh = rejected.filter((plugin) => !known.has(signature(plugin)));
    if (fresh.length === 0) return;
    for (const plugin of fresh) {
      this.note({ type: 'plugin.rejected', severity: 'warning', target: plugin.id, details: { path: plugin.path, version: plugin.version, messages: [...plugin.messages] } });
    }
    await this.catalog.write((db) => writeState(db, rejectionsKey, [...new Set([...(readState<string[]>(db, rejectionsKey) ?? []), ...fresh.map(signature)])]));
  }

  private onJob(job: JobDto): void {
    const outcome = jobOutcomes[job.status];
    if (!outcome) return;
    const details: JsonObject = { jobId: job.id, ...(job.plan ? { plan: job.plan } : {}), ...(job.error ? { error: this.logs.mask(job.error) } : {}) };
    this.note({ type: `${job.kind}.${outcome[0]}`, severity: outcome[1], target: job.repository, details });
  }

  private onPlugin(status: PluginStatus): void {
    if (status.state !== 'failed' && status.state !== 'rejected') return;
    const details: JsonObject = { version: status.version, ...(status.error ? { error: this.logs.mask(status.error) } : {}) };
    this.note({ type: status.state === 'failed' ? 'plugin.failed' : 'plugin.rejected', severity: 'error', target: status.id, details });
  }

  private onViolations(scope: PolicyScope, findings: readonly PolicyFinding[]): void {
    const blocking = findings.some((f) => f.severity === 'error');
    this.note({
      type: 'policy.violation',
      severity: blocking ? 'error' : 'warning',
      target: scope.repository,
      details: {
        operation: scope.operation, blocked: blocking, ...(scope.plan ? { plan: scope.plan } : {}),
        findings: findings.map((f) => ({ rule: f.rule, policy: f.policy, severity: f.severity, message: this.logs.mask(f.message) })),
      },
    });
  }

  private note(event: AuditEvent): void {
    this.audit.record(event).catch((error: unknown) => this.logger.error(`audit entry ${event.type} was lost: ${(error as Error).message}`));
  }
}
