import type { JobDto } from '@timelocker/plugin-api';
import type { PlanCopyStatus } from './copy-service.js';

/** A copy job's record of what it copied and verified (its summary `copies`). */
export interface CopyRecord {
  readonly source: string;
  readonly copy: string;
  readonly tree: string;
}

export function copyRecords(job: JobDto): CopyRecord[] {
  const copies = job.summary?.['copies'];
  return Array.isArray(copies) ? (copies as unknown as CopyRecord[]) : [];
}

/** From the job history (newest first): the plan's latest backup snapshot and which destinations hold a verified copy. */
export function planCopyStatus(plan: string, repository: string, wanted: readonly string[], jobs: readonly JobDto[]): PlanCopyStatus {
  const latest = jobs.find((j) => j.kind === 'backup' && j.plan === plan && j.status === 'succeeded' && j.summary?.snapshotId);
  const latestSnapshot = latest?.summary?.snapshotId;
  const copies: Array<PlanCopyStatus['copies'][number]> = [];
  if (latestSnapshot) {
    for (const job of jobs) {
      if (job.kind !== 'copy' || job.plan !== plan || job.status !== 'succeeded' || copies.some((c) => c.repository === job.repository)) continue;
      const record = copyRecords(job).find((r) => r.source.startsWith(latestSnapshot));
      if (record) copies.push({ repository: job.repository, copyId: record.copy, verifiedAt: job.finishedAt ?? job.queuedAt });
    }
  }
  return {
    plan, repository, wanted, ...(latestSnapshot ? { latestSnapshot } : {}), copies,
    missing: wanted.filter((w) => !copies.some((c) => c.repository === w)),
  };
}
