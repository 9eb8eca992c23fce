import { CancellationError, type CancellationToken } from '@timelocker/plugin-api';
import { inject, injectable } from 'inversify';
import type { SqlValue } from 'sql.js';
import { CatalogService } from '../catalog/catalog-service.js';
import { JobStore } from '../catalog/job-store.js';
import { type Logger, LogService } from '../core/log-service.js';
import type { ResticTarget } from '../restic/restic-engine.js';
import { ResticRunner } from '../restic/restic-runner.js';
import type { MetricsService, PlanHealth, StorageFilter, StorageSample } from './metrics-service.js';

interface StatsJson {
  readonly total_size?: number;
  readonly total_blob_count?: number;
  readonly snapshots_count?: number;
}

function parseStats(stdout: string): StatsJson {
  const line = stdout.split('\n').find((l) => l.startsWith('{'));
  if (!line) throw new Error(`restic stats printed no JSON: ${stdout.slice(0, 200)}`);
  return JSON.parse(line) as StatsJson;
}

@injectable()
export class MetricsServiceImpl implements MetricsService {
  private readonly logger: Logger;

  constructor(
    @inject(CatalogService) private readonly catalog: CatalogService,
    @inject(JobStore) private readonly jobs: JobStore,
    @inject(ResticRunner) private readonly restic: ResticRunner,
    @inject(LogService) logService: LogService,
  ) {
    this.logger = logService.getLogger('metrics');
  }

  async sampleAfterBackup(target: ResticTarget, jobId: string, token: CancellationToken): Promise<void> {
    try {
      // Both modes take restic's shared lock, so they run side by side; restore-size only walks trees, not data.
      const [raw, restore] = await Promise.all(['raw-data', 'restore-size'].map(async (mode) =>
        parseStats((await this.restic.run(target, ['stats', '--json', '--mode', mode], { collectStdout: true }, token)).stdout)));
      const rawSize = raw!.total_size ?? 0;
      const snapshotCount = raw!.snapshots_count ?? restore!.snapshots_count ?? 0;
      await this.catalog.write((db) => db.run(
        'INSERT INTO repository_stats (repository, time, job_id, raw_size, restore_size, blob_count, snapshot_count) VALUES (?, ?, ?, ?, ?, ?, ?)',
        [target.name, new Date().toISOString(), jobId, rawSize, restore!.total_size ?? null, raw!.total_blob_count ?? null, snapshotCount],
      ));
    } catch (error) {
      // The backup itself succeeded; a missing sample only leaves a gap in the time series.
      if (error instanceof CancellationError || token.isCancellationRequested) this.logger.info(`${target.name}: stats sample skipped (cancelled)`);
      else this.logger.warn(`${target.name}: could not sample repository stats: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  storageSamples(filter: StorageFilter = {}): Promise<StorageSample[]> {
    const conditions: string[] = [];
    const params: SqlValue[] = [];
    for (const [condition, value] of [['repository = ?', filter.repository], ['time >= ?', filter.from], ['time < ?', filter.to]] as const) {
      if (value === undefined) continue;
      conditions.push(condition);
      params.push(value);
    }
    const where = conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
    return this.catalog.read((db) => {
      const stmt = db.prepare(`SELECT repository, time, job_id, raw_size, restore_size, blob_count, snapshot_count FROM repository_stats ${where} ORDER BY time, repository`, params);
      try {
        const samples: StorageSample[] = [];
        while (stmt.step()) {
          const [repository, time, jobId, rawSize, restoreSize, blobCount, snapshotCount] = stmt.get();
          const raw = Number(rawSize);
          const restore = restoreSize === null ? null : Number(restoreSize);
          samples.push({
            repository: String(repository), time: String(time), jobId: jobId === null ? null : String(jobId),
            rawSize: raw, restoreSize: restore, blobCount: blobCount === null ? null : Number(blobCount),
            snapshotCount: Number(snapshotCount),
            dedupRatio: restore !== null && raw > 0 ? Math.round((restore / raw) * 1000) / 1000 : null,
          });
        }
        return samples;
      } finally {
        stmt.free();
      }
    });
  }

  planHealth(): Promise<PlanHealth[]> {
    return this.jobs.planHealth();
  }
}
