import { hostname } from 'node:os';
import { inject, injectable } from 'inversify';
import type { JobDto } from '@timelocker/plugin-api';
import type { Database, SqlValue } from 'sql.js';
import { ConflictError } from '../core/errors.js';
import { KernelOptions } from '../core/kernel-options.js';
import { LogService, type Logger } from '../core/log-service.js';
import { JobHistory, type JobQuery, matchesQuery } from '../history/job-history.js';
import { boundLog, JobLogFiles } from '../history/job-log-files.js';
import type { PlanHealth } from './plan-health.js';
import { CatalogService } from './catalog-service.js';
import { newJobId } from './job-id.js';
import { type JobRow, selectJobs, toDto } from './job-rows.js';
import type { Interruption, JobEnd, JobStore, JobUpdate, JobWithLog, NewJob } from './job-store.js';
import { readPlanRuns, recordPlanRun } from './plan-runs.js';

const orphanError = 'interrupted: the process running it stopped';
const liveStatuses = ['queued', 'running'];
const live = `status IN (${liveStatuses.map((status) => `'${status}'`).join(', ')})`;

/** A pid that cannot be signalled at all is gone; EPERM means it lives under another user. */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function runningJobsBlockErasure(running: readonly JobRow[]): string {
  const jobs = running.map((row) => `${row.kind}${row.plan ? ` ${row.plan}` : ''} on ${row.repository} (job ${row.id}, pid ${row.owner_pid})`);
  return `Nothing was erased: ${jobs.length} job(s) still run: ${jobs.join('; ')}. Their records would come back when they end. `
    + 'Wait for them to end (timelocker jobs --status running) or stop them (Ctrl-C where they run, Cancel in the workbench), then erase again.';
}

@injectable()
export class JobStoreImpl implements JobStore {
  readonly history: JobHistory;
  readonly logs: JobLogFiles;
  private readonly host = hostname();
  private readonly logger: Logger;
  private imported: Promise<unknown> | undefined;
  /** Jobs whose end is in the history while the catalog still lists them as live: callers see the end at once. */
  private readonly retiring = new Map<string, JobWithLog>();
  /** Live jobs this process created, as it last recorded them: what it answers for them without reading the catalog. */
  private readonly own = new Map<string, JobDto>();

  constructor(
    @inject(CatalogService) private readonly catalog: CatalogService,
    @inject(LogService) private readonly logService: LogService,
    @inject(KernelOptions) options: KernelOptions,
  ) {
    this.logger = logService.getLogger('jobs');
    this.history = new JobHistory(options.dataDir, (error) => this.logger.error(`lock on the job history was lost: ${error.message}`));
    this.logs = new JobLogFiles(options.dataDir);
  }

  create(job: NewJob): Promise<{ job: JobDto; joined: boolean }> {
    const id = newJobId();
    const params = job.params === undefined ? null : this.logService.mask(JSON.stringify(job.params));
    return this.catalog.write((db) => {
      const holder = job.hold === undefined ? undefined
        : selectJobs(db, `WHERE ${live} AND hold = ? AND owner_host = ?`, [job.hold, this.host]).find((row) => row.owner_pid !== null && isAlive(row.owner_pid));
      if (holder) return { job: toDto(holder), joined: true };
      // The creating process owns a queued job until whoever runs it records its own pid.
      db.run(
        `INSERT INTO jobs (id, kind, plan, repository, status, queued_at, params, owner_pid, owner_host, hold)
         VALUES (?, ?, ?, ?, 'queued', ?, ?, ?, ?, ?)`,
        [id, job.kind, job.plan ?? null, job.repository, new Date().toISOString(), params, process.pid, this.host, job.hold ?? null],
      );
      return { job: this.mustGet(db, id), joined: false };
    }).then((created) => {
      if (!created.joined) {
        this.own.set(id, created.job);
        this.logs.track(id);
      }
      return created;
    });
  }

  async update(id: string, update: JobUpdate): Promise<JobDto> {
    const columns: string[] = [];
    const values: SqlValue[] = [];
    const set = (column: string, value: SqlValue | undefined): void => {
      if (value === undefined) return;
      columns.push(`${column} = ?`);
      values.push(value);
    };
    set('status', update.status);
    set('started_at', update.startedAt);
    set('summary', update.summary && this.logService.mask(JSON.stringify(update.summary)));
    set('error', update.error && this.logService.mask(update.error));
    if (update.ownerPid !== undefined) {
      set('owner_pid', update.ownerPid);
      set('owner_host', this.host);
    }
    const job = await this.catalog.write((db) => {
      if (columns.length > 0) db.run(`UPDATE jobs SET ${columns.join(', ')} WHERE id = ?`, [...values, id]);
      return this.mustGet(db, id);
    });
    if (this.own.has(id)) {
      if (update.ownerPid === undefined || update.ownerPid === process.pid) this.own.set(id, job);
      else this.own.delete(id);
    }
    return job;
  }

  async finish(id: string, end: JobEnd): Promise<JobDto> {
    const row = await this.catalog.read((db) => selectJobs(db, 'WHERE id = ?', [id])[0]);
    if (!row) throw new Error(`No live job with id ${id}`);
    const [job] = await this.retire([row], end, end.finishedAt ?? new Date().toISOString(), false);
    return job!;
  }

  async get(idOrPrefix: string): Promise<JobDto | undefined> {
    return (await this.lookup(idOrPrefix))?.job;
  }

  async getWithLog(idOrPrefix: string): Promise<JobWithLog | undefined> {
    const found = await this.lookup(idOrPrefix);
    return found && { job: found.job, log: found.log ?? (await this.log(found.job.id)) ?? [] };
  }

  /** The job (a finished one with its output, found in the same read of the history); an ambiguous prefix throws. */
  private async lookup(idOrPrefix: string): Promise<{ readonly job: JobDto; readonly log?: readonly string[] } | undefined> {
    const key = idOrPrefix.trim().toLowerCase();
    if (key === '') return undefined;
    const ending = this.retiring.get(key);
    if (ending) return ending;
    const mine = this.own.get(key);
    if (mine) return { job: mine };
    await this.importLegacy();
    const liveMatches = await this.catalog.read((db) => selectJobs(db, 'WHERE substr(id, 1, ?) = ?', [key.length, key], 3).map(toDto));
    const exact = liveMatches.find((job) => job.id === key);
    if (exact) return { job: exact };
    const finished = await this.history.find(key, 3);
    const exactFinished = finished.find((record) => record.job.id === key);
    if (exactFinished) return exactFinished;
    const matches = [...liveMatches.map((job) => ({ job })), ...finished];
    if (matches.length > 1) {
      throw new Error(`The job id prefix "${idOrPrefix}" is ambiguous: it matches ${matches.slice(0, 2).map((m) => m.job.id).join(', ')}` +
        `${matches.length > 2 ? ' and more' : ''}. Type more characters of the id.`);
    }
    return matches[0];
  }

  async list(query: JobQuery = {}): Promise<JobDto[]> {
    return (await this.page(query, 0, query.limit ?? Number.POSITIVE_INFINITY, false)).items;
  }

  async scan(query: JobQuery, visit: (job: JobDto) => boolean): Promise<void> {
    await this.importLegacy();
    for (const job of await this.liveJobs()) if (matchesQuery(job, query) && !visit(job)) return;
    if (query.status === 'queued' || query.status === 'running') return;
    await this.history.scan(query, visit);
  }

  /** `counting`: go on through the whole history to tell the total (API pages); otherwise stop at the page's end. */
  async page(query: JobQuery, offset: number, limit: number, counting = true): Promise<{ items: JobDto[]; total: number }> {
    const end = offset + Math.max(0, limit);
    const items: JobDto[] = [];
    let total = 0;
    const take = (job: JobDto): boolean => {
      if (total >= offset && total < end) items.push(job);
      total++;
      return counting || total < end;
    };
    const unfiltered = [query.status, query.repository, query.plan, query.kind, query.finishedSince].every((v) => v === undefined);
    if (!counting || !unfiltered) {
      await this.scan(query, take);
      return { items, total };
    }
    // Every ended job is one record, numbered from 1: the count needs no walk through the history.
    await this.importLegacy();
    for (const job of await this.liveJobs()) take(job);
    const live = total;
    await this.history.scan(query, (job) => {
      take(job);
      return total < end;
    });
    return { items, total: live + (await this.history.chain.head()).seq };
  }

  async appendLog(id: string, lines: readonly string[]): Promise<void> {
    await this.logs.append(id, lines.map((line) => this.logService.mask(line)));
  }

  async log(id: string): Promise<readonly string[] | undefined> {
    const ending = this.retiring.get(id);
    if (ending) return ending.log;
    const running = await this.logs.read(id);
    if (running) return running;
    return (await this.history.find(id, 1)).find((record) => record.job.id === id)?.log;
  }

  async markOrphansInterrupted(): Promise<JobDto[]> {
    // Every kernel start asks; one read answers the usual "none".
    const orphans = (await this.catalog.read((db) => selectJobs(db, `WHERE ${live} AND owner_host = ?`, [this.host])))
      .filter((row) => row.owner_pid === null || !isAlive(row.owner_pid));
    if (orphans.length === 0) return [];
    return this.retire(orphans, { status: 'interrupted', error: orphanError }, new Date().toISOString(), true);
  }

  takeInterruptions(): Promise<Interruption[]> {
    return this.catalog.write((db) => {
      const rows = db.exec('SELECT job_id, kind, repository, plan, finished_at FROM interruptions ORDER BY finished_at')[0]?.values ?? [];
      db.run('DELETE FROM interruptions');
      return rows.map(([jobId, kind, repository, plan, finishedAt]) => ({
        jobId: String(jobId), kind: String(kind) as Interruption['kind'], repository: String(repository),
        ...(plan === null ? {} : { plan: String(plan) }), finishedAt: String(finishedAt),
      }));
    });
  }

  planHealth(): Promise<PlanHealth[]> {
    return this.catalog.read(readPlanRuns);
  }

  async erase(): Promise<number> {
    await this.importLegacy();
    // The catalog first, in one write that no job can start during: a job still running would be recorded again when
    // it ends, its start from before the erasure included.
    const liveIds = await this.catalog.write((db) => {
      const rows = selectJobs(db, '', []);
      const running = rows.filter((row) => liveStatuses.includes(row.status) && row.owner_host === this.host && row.owner_pid !== null && isAlive(row.owner_pid));
      if (running.length > 0) throw new ConflictError(runningJobsBlockErasure(running));
      for (const table of ['jobs', 'plan_runs', 'interruptions']) db.run(`DELETE FROM ${table}`);
      return rows.map((row) => row.id);
    });
    const ended = await this.history.eraseAll();
    this.own.clear();
    for (const id of liveIds) await this.logs.remove(id);
    return ended + liveIds.length;
  }

  /** Jobs still live in the catalog, without those whose end is already in the history (listed from there). */
  private liveJobs(): Promise<JobDto[]> {
    return this.catalog.read((db) => selectJobs(db, `WHERE ${live}`, []).filter((row) => !this.retiring.has(row.id)).map(toDto));
  }

  /**
   * Appends the ended jobs (with their output) to the history, then removes them from the catalog with their plans'
   * totals updated. `orphans`: jobs of a process that died, maybe between those two steps — one already in the
   * history is only removed.
   */
  private async retire(rows: readonly JobRow[], end: JobEnd, finishedAt: string, orphans: boolean): Promise<JobDto[]> {
    await this.importLegacy();
    const recorded = new Set<string>();
    if (orphans) for (const row of rows) if ((await this.history.find(row.id, 1))[0]?.job.id === row.id) recorded.add(row.id);
    const ended = rows.filter((row) => !recorded.has(row.id)).map((row) => ({
      ...toDto(row), status: end.status, finishedAt,
      ...(end.summary ? { summary: JSON.parse(this.logService.mask(JSON.stringify(end.summary))) as JobDto['summary'] } : {}),
      ...(end.error ? { error: this.logService.mask(end.error) } : {}),
    }));
    const withLogs = await Promise.all(ended.map(async (job) => ({ job, log: boundLog(await this.logs.read(job.id) ?? []) })));
    await this.history.append(withLogs);
    // The end is recorded: it is what this process answers from now on, while the catalog catches up.
    for (const entry of withLogs) {
      this.retiring.set(entry.job.id, entry);
      this.own.delete(entry.job.id);
    }
    try {
      await this.catalog.write((db) => {
        for (const row of rows) db.run('DELETE FROM jobs WHERE id = ?', [row.id]);
        for (const job of ended) this.recordEnd(db, job);
      });
      for (const row of rows) await this.logs.remove(row.id);
    } finally {
      for (const job of ended) this.retiring.delete(job.id);
    }
    return ended;
  }

  private recordEnd(db: Database, job: JobDto): void {
    recordPlanRun(db, job);
    if (job.status === 'interrupted') {
      db.run('INSERT OR REPLACE INTO interruptions (job_id, kind, repository, plan, finished_at) VALUES (?, ?, ?, ?, ?)',
        [job.id, job.kind, job.repository, job.plan ?? null, job.finishedAt ?? new Date().toISOString()]);
    }
  }

  /** Catalogs from before the job history kept finished jobs in their `jobs` table: those move into the history once. */
  private importLegacy(): Promise<unknown> {
    this.imported ??= this.importLegacyJobs().catch((error: unknown) => {
      this.imported = undefined;
      throw error;
    });
    return this.imported;
  }

  private async importLegacyJobs(): Promise<void> {
    const finished = await this.catalog.read((db) => selectJobs(db, `WHERE NOT ${live}`, []));
    if (finished.length === 0) return;
    const known = new Set<string>();
    await this.history.scan({}, (job) => {
      known.add(job.id);
      return true;
    });
    const ordered = finished.map(toDto).filter((job) => !known.has(job.id))
      .sort((a, b) => (a.finishedAt ?? a.queuedAt).localeCompare(b.finishedAt ?? b.queuedAt));
    await this.history.append(ordered.map((job) => ({ job, log: [] })));
    await this.catalog.write((db) => db.run(`DELETE FROM jobs WHERE NOT ${live}`));
    this.logger.info(`moved ${ordered.length} finished job(s) from the catalog into the job history`);
  }

  private mustGet(db: Database, id: string): JobDto {
    const row = selectJobs(db, 'WHERE id = ?', [id])[0];
    if (!row) throw new Error(`No job with id ${id}`);
    return toDto(row);
  }
}
