import type { SnapshotDto } from '@timelocker/plugin-api';
import type { Database } from 'sql.js';
import type { SnapshotSource } from './snapshot-cache.js';
import { readState } from './state-values.js';

/** The `state` key of a repository's snapshot source. */
export const snapshotSourceKey = (repository: string): string => `snapshotSource.${repository}`;

interface SnapshotRow {
  readonly id: string;
  readonly short_id: string;
  readonly time: string;
  readonly hostname: string;
  readonly username: string | null;
  readonly paths: string;
  readonly tags: string;
  readonly parent: string | null;
}

/** The cached snapshots of a repository, oldest first, as restic lists them. */
export function selectCachedSnapshots(db: Database, repository: string): SnapshotDto[] {
  const stmt = db.prepare('SELECT * FROM snapshots WHERE repository = ? ORDER BY time, id', [repository]);
  try {
    const snapshots: SnapshotDto[] = [];
    while (stmt.step()) {
      const row = stmt.getAsObject() as unknown as SnapshotRow;
      snapshots.push({
        id: row.id,
        shortId: row.short_id,
        repository,
        time: row.time,
        hostname: row.hostname,
        // In the order of a snapshot listed by restic (toSnapshotDto): --json output is the same either way.
        ...(row.username !== null && { username: row.username }),
        paths: JSON.parse(row.paths) as string[],
        tags: JSON.parse(row.tags) as string[],
        ...(row.parent !== null && { parent: row.parent }),
      });
    }
    return snapshots;
  } finally {
    stmt.free();
  }
}

export function selectSnapshotSource(db: Database, repository: string): SnapshotSource | undefined {
  return readState<SnapshotSource>(db, snapshotSourceKey(repository));
}
