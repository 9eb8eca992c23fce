import { createHash } from 'node:crypto';
import type { JsonObject } from '@timelocker/plugin-api';
import { inject, injectable, named, optional } from 'inversify';
import { ContributionProvider } from '../../common/contribution-provider.js';
import type { KernelContribution } from '../../common/kernel-contribution.js';
import { CatalogService } from '../catalog/catalog-service.js';
import { readState, writeState } from '../catalog/state-values.js';
import { LogService, type Logger } from '../core/log-service.js';
import { PluginService, type PluginStatus } from '../plugins/plugin-service.js';
import { AuditEventSource } from './audit-event-source.js';
import type { AuditEvent } from './audit-service.js';
import { AuditServiceImpl } from './audit-service-impl.js';

const rejectionsKey = 'audit.recordedPluginRejections';

/**
 * Feeds the audit log from other features' events: the plugins' states here, every other feature's through its
 * AuditEventSource, all connected at the same point of the kernel's start.
 */
@injectable()
export class AuditEventsContribution implements KernelContribution {
  readonly id = 'audit-events';
  private readonly logger: Logger;

  constructor(
    @inject(AuditServiceImpl) private readonly audit: AuditServiceImpl,
    @inject(CatalogService) private readonly catalog: CatalogService,
    @inject(LogService) private readonly logs: LogService,
    @inject(ContributionProvider) @named(AuditEventSource) private readonly sources: ContributionProvider<AuditEventSource>,
    @inject(PluginService) @optional() private readonly plugins: PluginService | undefined,
  ) {
    this.logger = logs.getLogger('audit');
  }

  async initialize(): Promise<void> {
    for (const source of this.sources.getContributions()) source.connect((event) => this.note(event));
    this.plugins?.onDidChangePluginState((status) => this.onPlugin(status));
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

  private onPlugin(status: PluginStatus): void {
    if (status.state !== 'failed' && status.state !== 'rejected') return;
    const details: JsonObject = { version: status.version, ...(status.error ? { error: this.logs.mask(status.error) } : {}) };
    this.note({ type: status.state === 'failed' ? 'plugin.failed' : 'plugin.rejected', severity: 'error', target: status.id, details });
  }

  private note(event: AuditEvent): void {
    this.audit.record(event).catch((error: unknown) => this.logger.error(`audit entry ${event.type} was lost: ${(error as Error).message}`));
  }
}
