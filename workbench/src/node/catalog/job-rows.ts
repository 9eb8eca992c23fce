import type { JobDto, JobKind, JobStatus, JobSummaryDto } from '@timelocker/plugin-api';
import type { Database, SqlValue } from 'sql.js';

export interface JobRow {
  readonly id: string;
  readonly kind: string;
  readonly plan: string | null;
  readonly repository: string;
  readonly status: string;
  readonly queued_at: string;
  readonly started_at: string | null;
  readonly finished_at: string | null;
  readonly summary: string | null;
  readonly error: string | null;
  readonly owner_pid: number | null;
  readonly owner_host: string | null;
}

export function selectJobs(db: Database, where: string, params: SqlValue[], limit?: number): JobRow[] {
  const sql = `SELECT * FROM jobs ${where} ORDER BY id DESC${limit === undefined ? '' : ' LIMIT ?'}`;
  const stmt = db.prepare(sql, limit === undefined ? params : [...params, limit]);
  try {
    const rows: JobRow[] = [];
    while (stmt.step()) rows.push(stmt.getAsObject() as unknown as JobRow);
    return rows;
  } finally {
    stmt.free();
  }
}

export function toDto(row: JobRow): JobDto {
  return {
    id: row.id,
    kind: row.kind as JobKind,
    status: row.status as JobStatus,
    repository: row.repository,
    queuedAt: row.queued_at,
    ...(row.plan !== null && { plan: row.plan }),
    ...(row.started_at !== null && { startedAt: row.started_at }),
    ...(row.finished_at !== null && { finishedAt: row.finished_at }),
    ...(row.summary !== null && { summary: JSON.parse(row.summary) as JobSummaryDto }),
    ...(row.error !== null && { error: row.error }),
  };
}
