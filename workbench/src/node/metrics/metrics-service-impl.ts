import type { CancellationToken } from '@timelocker/plugin-api';
import { inject, injectable } from 'inversify';
import type { SqlValue } from 'sql.js';
import { CatalogService } from '../catalog/catalog-service.js';
import { JobStore } from '../catalog/job-store.js';
import type { ResticTarget } from '../restic/restic-engine.js';
import { ResticRunner } from '../restic/restic-runner.js';
import type { PlanHealth } from '../catalog/plan-health.js';
import type { MetricsService, StorageFilter, StorageSample } from './metrics-service.js';

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

const dedupRatio = (restore: number | null, raw: number): number | null => (restore !== null && raw > 0 ? Math.round((restore / raw) * 1000) / 1000 : null);

@injectable()
export class MetricsServiceImpl implements MetricsService {
  constructor(
    @inject(CatalogService) private readonly catalog: CatalogService,
    @inject(JobStore) private readonly jobs: JobStore,
    @inject(ResticRunner) private readonly restic: ResticRunner,
  ) {}

  async sample(target: ResticTarget, jobId: string | null, token: CancellationToken): Promise<StorageSample> {
    // Both modes take restic's shared lock, so they run side by side; restore-size only walks trees, not data.
    const [raw, restore] = await Promise.all(['raw-data', 'restore-size'].map(async (mode) =>
      parseStats((await this.restic.run(target, ['stats', '--json', '--mode', mode], { collectStdout: true }, token)).stdout)));
    const row = {
      repository: target.name, time: new Date().toISOString(), jobId, rawSize: raw!.total_size ?? 0, restoreSize: restore!.total_size ?? null,
      blobCount: raw!.total_blob_count ?? null, snapshotCount: raw!.snapshots_count ?? restore!.snapshots_count ?? 0,
    };
    await this.catalog.write((db) => db.run(
      'INSERT INTO repository_stats (repository, time, job_id, raw_size, restore_size, blob_count, snapshot_count) VALUES (?, ?, ?, ?, ?, ?, ?)',
      [row.repository, row.time, row.jobId, row.rawSize, row.restoreSize, row.blobCount, row.snapshotCount],
    ));
    return { ...row, dedupRatio: dedupRatio(row.restoreSize, row.rawSize) };
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
            dedupRatio: dedupRatio(restore, raw),
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
