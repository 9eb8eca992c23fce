import { inject, injectable } from 'inversify';
import type { SnapshotDto } from '@timelocker/plugin-api';
import { CatalogService } from './catalog-service.js';
import { readPlanRuns } from './plan-runs.js';
import type { SnapshotCache, SnapshotSource } from './snapshot-cache.js';
import { selectCachedSnapshots, selectSnapshotSource, snapshotSourceKey } from './snapshot-rows.js';
import { deleteState, writeState } from './state-values.js';

@injectable()
export class SnapshotCacheImpl implements SnapshotCache {
  constructor(@inject(CatalogService) private readonly catalog: CatalogService) {}

  async replace(repository: string, snapshots: readonly SnapshotDto[]): Promise<void> {
    // Listing is frequent and usually finds what the cache already holds: skip the locked write then.
    if (sameSnapshots(await this.list(repository), snapshots)) return;
    await this.catalog.write((db) => {
      db.run('DELETE FROM snapshots WHERE repository = ?', [repository]);
      const insert = db.prepare(
        `INSERT OR REPLACE INTO snapshots (repository, id, short_id, time, hostname, username, paths, tags, parent)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      );
      try {
        for (const s of snapshots) {
          insert.run([
            repository,
            s.id,
            s.shortId,
            s.time,
            s.hostname,
            s.username ?? null,
            JSON.stringify(s.paths),
            JSON.stringify(s.tags),
            s.parent ?? null,
          ]);
        }
      } finally {
        insert.free();
      }
    });
  }

  /** Oldest first, as restic lists them. */
  list(repository: string): Promise<SnapshotDto[]> {
    return this.catalog.read((db) => selectCachedSnapshots(db, repository));
  }

  known(repository: string): Promise<{ count: number; latest: string } | undefined> {
    return this.catalog.read((db) => {
      const [count, latest] = db.exec('SELECT count(*), max(time) FROM snapshots WHERE repository = ?', [repository])[0]?.values[0] ?? [];
      if (Number(count) > 0) return { count: Number(count), latest: String(latest) };
      const made = readPlanRuns(db).filter((plan) => plan.repository === repository && plan.succeeded > 0);
      if (made.length === 0) return undefined;
      return { count: made.reduce((sum, plan) => sum + plan.succeeded, 0), latest: made.map((plan) => plan.lastSuccess ?? '').sort().at(-1)! };
    });
  }

  async clear(repository: string): Promise<void> {
    await this.catalog.write((db) => {
      db.run('DELETE FROM snapshots WHERE repository = ?', [repository]);
      deleteState(db, snapshotSourceKey(repository));
    });
  }

  source(repository: string): Promise<SnapshotSource | undefined> {
    return this.catalog.read((db) => selectSnapshotSource(db, repository));
  }

  async setSource(repository: string, source: SnapshotSource): Promise<void> {
    const known = await this.source(repository);
    if (known?.fingerprint === source.fingerprint && known.location === source.location) return;
    await this.catalog.write((db) => writeState(db, snapshotSourceKey(repository), source));
  }
}

function sameSnapshots(cached: readonly SnapshotDto[], fresh: readonly SnapshotDto[]): boolean {
  if (cached.length !== fresh.length) return false;
  const key = (s: SnapshotDto): string => JSON.stringify([s.id, s.shortId, s.time, s.hostname, s.username ?? null, s.paths, s.tags, s.parent ?? null]);
  const cachedKeys = new Set(cached.map(key));
  return fresh.every((s) => cachedKeys.has(key(s)));
}
