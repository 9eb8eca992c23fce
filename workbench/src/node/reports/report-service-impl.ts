import { createRequire } from 'node:module';
import type { CancellationToken, JsonObject, JsonValue, ReportDataDto } from '@timelocker/plugin-api';
import { inject, injectable, optional } from 'inversify';
import { AuditService } from '../audit/audit-service.js';
import { JobStore } from '../catalog/job-store.js';
import { UsageError } from '../core/errors.js';
import { MetricsService } from '../metrics/metrics-service.js';
import { SnapshotService } from '../operations/snapshot-service.js';
import { ContributionAvailability } from '../plugins/contribution-availability.js';
import { ReportFormatRegistry } from '../plugins/report-format-registry.js';
import { dataDigest, digestMethod, rowTexts } from './report-digest.js';
import { inPeriod } from './report-period.js';
import type { RenderedReport, ReportRequest, ReportService, ReportVerification } from './report-service.js';
import { auditTrailTable, backupJobsTable, type ReportTable, snapshotInventoryTable, storageUtilizationTable } from './report-tables.js';
import { verifyReportContent } from './report-verifier.js';

const version = (createRequire(import.meta.url)('@timelocker/workbench/package.json') as { version: string }).version;
export const reportGenerator = `TimeLocker ${version}`;

@injectable()
export class ReportServiceImpl implements ReportService {
  constructor(
    @inject(JobStore) private readonly jobs: JobStore,
    @inject(MetricsService) private readonly metrics: MetricsService,
    @inject(SnapshotService) private readonly snapshots: SnapshotService,
    @inject(ReportFormatRegistry) private readonly formats: ReportFormatRegistry,
    @inject(ContributionAvailability) private readonly availability: ContributionAvailability,
    @inject(AuditService) @optional() private readonly audit: AuditService | undefined,
  ) {}

  async build(request: ReportRequest, token: CancellationToken): Promise<ReportDataDto> {
    const table = await this.table(request, token);
    const keys = table.columns.map((c) => c.key);
    const generatedAt = new Date().toISOString();
    const chain = this.audit ? await this.audit.verify() : undefined;
    const tamperEvidence: JsonObject = {
      dataDigest: dataDigest(keys, rowTexts(keys, table.rows)),
      digestMethod,
      rowCount: table.rows.length,
      auditChain: chain
        ? { available: true, intact: chain.intact, entries: chain.entries, headHash: chain.headHash, ...(chain.firstBad ? { firstBad: { ...chain.firstBad } } : {}) }
        : { available: false },
    };
    return {
      type: request.type,
      title: table.title,
      generatedAt,
      generator: reportGenerator,
      columns: table.columns,
      rows: table.rows,
      meta: {
        period: { from: request.period?.from ?? null, to: request.period?.to ?? null },
        repository: request.repository ?? null,
        summary: table.summary.map((s) => ({ ...s })),
        charts: table.charts as unknown as JsonValue[],
        tamperEvidence,
      },
    };
  }

  async render(request: ReportRequest, format: string, token: CancellationToken): Promise<RenderedReport> {
    const contributed = this.availability.require('reportFormats', format);
    const data = await this.build(request, token);
    const content = await this.formats.render(format, data, token);
    const digest = String((data.meta['tamperEvidence'] as JsonObject)['dataDigest']);
    // The digest in the audit log lets `report verify` tell an edited file from one whose digest was recomputed too.
    await this.audit?.record({
      type: 'report.generated', severity: 'info', target: request.type,
      details: { format, generatedAt: data.generatedAt, dataDigest: digest, rows: data.rows.length },
    });
    return { data, content, extension: contributed.entry.extension, dataDigest: digest };
  }

  async verify(content: string): Promise<ReportVerification> {
    const result = verifyReportContent(content);
    const generated = this.audit ? await this.audit.list({ type: 'report.generated' }) : [];
    const match = generated.find((e) => e.details['dataDigest'] === result.recordedDigest);
    const sameTime = generated.find((e) => e.details['generatedAt'] === result.generatedAt && e.target === result.type);
    const problems = [...result.problems];
    if (!match && sameTime) {
      problems.push(`the audit log (entry #${sameTime.seq}) recorded digest ${String(sameTime.details['dataDigest'])} for this report, not ${result.recordedDigest}: the digest in the file was changed`);
    }
    return {
      ok: problems.length === 0, format: result.format, type: result.type, recordedDigest: result.recordedDigest,
      computedDigest: result.computedDigest, rows: result.rows, problems, auditEntry: match ? { seq: match.seq, time: match.time } : null,
    };
  }

  private async table(request: ReportRequest, token: CancellationToken): Promise<ReportTable> {
    const { from, to } = request.period ?? {};
    switch (request.type) {
      case 'backup-jobs': {
        const jobs = await this.jobs.list(request.repository ? { repository: request.repository } : {});
        return backupJobsTable(jobs.filter((j) => j.kind === 'backup' && inPeriod(j.startedAt ?? j.queuedAt, from, to)));
      }
      case 'snapshot-inventory': {
        const snapshots = await this.snapshots.list(request.repository ? { repository: request.repository } : {}, token);
        return snapshotInventoryTable(snapshots.filter((s) => inPeriod(s.time, from, to)));
      }
      case 'audit-trail': {
        if (!this.audit) throw new UsageError('The audit log is not available in this TimeLocker, so there is no audit trail to report.');
        return auditTrailTable(await this.audit.list({ ...(from ? { since: from } : {}), ...(to ? { until: to } : {}) }));
      }
      case 'storage-utilization':
        return storageUtilizationTable(await this.metrics.storageSamples({
          ...(request.repository ? { repository: request.repository } : {}), ...(from ? { from } : {}), ...(to ? { to } : {}),
        }));
    }
  }
}
