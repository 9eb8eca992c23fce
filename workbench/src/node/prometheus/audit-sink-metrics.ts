import { inject, injectable } from 'inversify';
import type { Registry } from 'prom-client';
import { AuditSinkService, type AuditSinkStatus } from '../audit-sinks/audit-sink-service.js';
import { registerFamily } from './metric-family.js';
import type { PrometheusContribution } from './prometheus-contribution.js';

/** Audit entries waiting for each configured sink, and those its full queue could not take. */
@injectable()
export class AuditSinkMetrics implements PrometheusContribution {
  private statuses: Promise<AuditSinkStatus[]> | undefined;

  constructor(@inject(AuditSinkService) private readonly sinks: AuditSinkService) {}

  registerMetrics(registry: Registry): void {
    registerFamily(registry, {
      name: 'timelocker_audit_sink_queued_entries', labelNames: ['sink'], help: 'Audit entries queued on disk for the sink, not delivered yet.',
      read: async () => (await this.read()).map((s) => [{ sink: s.name }, s.queued] as const),
    });
    registerFamily(registry, {
      name: 'timelocker_audit_sink_dropped_entries_total', type: 'counter', labelNames: ['sink'], help: 'Audit entries the sink\'s full queue could not take (they are only in the local audit log).',
      read: async () => (await this.read()).map((s) => [{ sink: s.name }, s.dropped] as const),
    });
  }

  private read(): Promise<AuditSinkStatus[]> {
    this.statuses ??= this.sinks.list().finally(() => (this.statuses = undefined));
    return this.statuses;
  }
}
