import type { JobDto, JsonObject } from '@timelocker/plugin-api';
import { inject, injectable } from 'inversify';
import type { AuditEventSource } from '../audit/audit-event-source.js';
import type { AuditEvent, AuditSeverity } from '../audit/audit-service.js';
import { LogService } from '../core/log-service.js';
import { JobService } from './job-service.js';

const jobOutcomes: Readonly<Record<string, readonly [suffix: string, severity: AuditSeverity]>> = {
  running: ['started', 'info'],
  succeeded: ['succeeded', 'info'],
  failed: ['failed', 'error'],
  cancelled: ['cancelled', 'warning'],
  interrupted: ['interrupted', 'warning'],
  'stopped-at-window-end': ['stopped-at-window-end', 'warning'],
};

/** `<kind>.started`, `<kind>.succeeded`, … for every job, with its plan and (masked) error. */
@injectable()
export class JobAuditEvents implements AuditEventSource {
  constructor(
    @inject(JobService) private readonly jobs: JobService,
    @inject(LogService) private readonly logs: LogService,
  ) {}

  connect(note: (event: AuditEvent) => void): void {
    this.jobs.onDidChangeJob((job) => {
      const event = this.auditEventOf(job);
      if (event) note(event);
    });
  }

  private auditEventOf(job: JobDto): AuditEvent | undefined {
    const outcome = jobOutcomes[job.status];
    if (!outcome) return undefined;
    const details: JsonObject = { jobId: job.id, ...(job.plan ? { plan: job.plan } : {}), ...(job.error ? { error: this.logs.mask(job.error) } : {}) };
    return { type: `${job.kind}.${outcome[0]}`, severity: outcome[1], target: job.repository, details };
  }
}
