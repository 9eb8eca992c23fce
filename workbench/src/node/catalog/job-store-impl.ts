import { hostname } from 'node:os';
import { inject, injectable } from 'inversify';
import type { JobDto, JobFilter, JobKind, JobStatus, JobSummaryDto } from '@timelocker/plugin-api';
import type { Database, SqlValue } from 'sql.js';
import { LogService } from '../core/log-service.js';
import { CatalogService } from './catalog-service.js';
import { newJobId } from './job-id.js';
import type { JobStore, JobUpdate, NewJob } from './job-store.js';

const orphanError = 'interrupted: the process running it stopped';

interface JobRow {
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

function selectJobs(db: Database, where: string, params: SqlValue[], limit?: number): JobRow[] {
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

function toDto(row: JobRow): JobDto {
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

/** A pid that cannot be signalled at all is gone; EPERM means it lives under another user. */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

@injectable()
export class JobStoreImpl implements JobStore {
  private readonly host = hostname();

  constructor(
    @inject(CatalogService) private readonly catalog: CatalogService,
    @inject(LogService) private readonly logService: LogService,
  ) {}

  create(job: NewJob): Promise<JobDto> {
    const id = newJobId();
    const params = job.params === undefined ? null : this.logService.mask(JSON.stringify(job.params));
    return this.catalog.write((db) => {
      // The creating process owns a queued job until whoever runs it records its own pid.
      db.run(
        `INSERT INTO jobs (id, kind, plan, repository, status, queued_at, params, owner_pid, owner_host)
         VALUES (?, ?, ?, ?, 'queued', ?, ?, ?, ?)`,
        [id, job.kind, job.plan ?? null, job.repository, new Date().toISOString(), params, process.pid, this.host],
      );
      return this.mustGet(db, id);
    });
  }

  update(id: string, update: JobUpdate): Promise<JobDto> {
    const columns: string[] = [];
    const values: SqlValue[] = [];
    const set = (column: string, value: SqlValue | undefined): void => {
      if (value === undefined) return;
      columns.push(`${column} = ?`);
      values.push(value);
    };
    set('status', update.status);
    set('started_at', update.startedAt);
    set('finished_at', update.finishedAt);
    set('summary', update.summary && this.logService.mask(JSON.stringify(update.summary)));
    set('error', update.error && this.logService.mask(update.error));
    if (update.ownerPid !== undefined) {
      set('owner_pid', update.ownerPid);
      set('owner_host', this.host);
    }
    return this.catalog.write((db) => {
      if (columns.length > 0) db.run(`UPDATE jobs SET ${columns.join(', ')} WHERE id = ?`, [...values, id]);
      return this.mustGet(db, id);
    });
  }

  get(idOrPrefix: string): Promise<JobDto | undefined> {
    const key = idOrPrefix.trim().toLowerCase();
    if (key === '') return Promise.resolve(undefined);
    return this.catalog.read((db) => {
      const exact = selectJobs(db, 'WHERE id = ?', [key]);
      if (exact[0]) return toDto(exact[0]);
      const matches = selectJobs(db, 'WHERE substr(id, 1, ?) = ?', [key.length, key], 3);
      if (matches.length > 1) {
        const shown = matches.slice(0, 2).map((row) => row.id);
        throw new Error(
          `The job id prefix "${idOrPrefix}" is ambiguous: it matches ${shown.join(', ')}` +
            `${matches.length > 2 ? ' and more' : ''}. Type more characters of the id.`,
        );
      }
      return matches[0] && toDto(matches[0]);
    });
  }

  list(filter: JobFilter = {}): Promise<JobDto[]> {
    const conditions: string[] = [];
    const params: SqlValue[] = [];
    for (const [column, value] of [
      ['status', filter.status],
      ['repository', filter.repository],
      ['plan', filter.plan],
    ] as const) {
      if (value === undefined) continue;
      conditions.push(`${column} = ?`);
      params.push(value);
    }
    const where = conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
    const limit = filter.limit === undefined ? undefined : Math.max(0, Math.floor(filter.limit));
    return this.catalog.read((db) => selectJobs(db, where, params, limit).map(toDto));
  }

  async markOrphansInterrupted(): Promise<JobDto[]> {
    // Every kernel start asks; a read answers the usual "none" without taking the write lock.
    const unfinished = await this.catalog.read((db) => selectJobs(db, `WHERE status IN ('queued', 'running') AND owner_host = ?`, [this.host]));
    if (!unfinished.some((row) => row.owner_pid === null || !isAlive(row.owner_pid))) return [];
    return this.catalog.write((db) => {
      const orphans = selectJobs(db, `WHERE status IN ('queued', 'running') AND owner_host = ?`, [this.host]).filter(
        (row) => row.owner_pid === null || !isAlive(row.owner_pid),
      );
      const finishedAt = new Date().toISOString();
      for (const row of orphans) {
        db.run(`UPDATE jobs SET status = 'interrupted', finished_at = ?, error = ? WHERE id = ?`, [
          finishedAt,
          orphanError,
          row.id,
        ]);
      }
      return orphans.map((row) => this.mustGet(db, row.id));
    });
  }

  private mustGet(db: Database, id: string): JobDto {
    const row = selectJobs(db, 'WHERE id = ?', [id])[0];
    if (!row) throw new Error(`No job with id ${id}`);
    return toDto(row);
  }
}
