import type { Database } from 'sql.js';

export interface Migration {
  /** The `PRAGMA user_version` the catalog has once this migration ran. */
  readonly version: number;
  readonly description: string;
  readonly up: (db: Database) => void;
}

/** Ordered, append-only: a released migration is never edited, a schema change is a new entry. */
export const migrations: readonly Migration[] = [
  {
    version: 1,
    description: 'jobs and snapshot cache',
    up: (db) =>
      db.exec(`
        CREATE TABLE jobs (
          id TEXT PRIMARY KEY NOT NULL,
          kind TEXT NOT NULL,
          plan TEXT,
          repository TEXT NOT NULL,
          status TEXT NOT NULL
            CHECK (status IN ('queued', 'running', 'succeeded', 'failed', 'cancelled', 'interrupted', 'stopped-at-window-end')),
          queued_at TEXT NOT NULL,
          started_at TEXT,
          finished_at TEXT,
          summary TEXT,
          error TEXT,
          params TEXT,
          owner_pid INTEGER,
          owner_host TEXT
        );
        CREATE INDEX jobs_status ON jobs (status, id);
        CREATE INDEX jobs_repository ON jobs (repository, id);
        CREATE INDEX jobs_plan ON jobs (plan, id);
        CREATE TABLE snapshots (
          repository TEXT NOT NULL,
          id TEXT NOT NULL,
          short_id TEXT NOT NULL,
          time TEXT NOT NULL,
          hostname TEXT NOT NULL,
          username TEXT,
          paths TEXT NOT NULL,
          tags TEXT NOT NULL,
          parent TEXT,
          PRIMARY KEY (repository, id)
        );
      `),
  },
];

export const latestSchemaVersion = migrations[migrations.length - 1]?.version ?? 0;

function schemaVersion(db: Database): number {
  const value = db.exec('PRAGMA user_version')[0]?.values[0]?.[0];
  return typeof value === 'number' ? value : 0;
}

/** Runs the pending migrations; the caller owns the transaction, so a failing migration leaves nothing behind. */
export function migrate(db: Database, file: string): void {
  const current = assertKnownSchema(db, file);
  for (const migration of migrations) {
    if (migration.version <= current) continue;
    migration.up(db);
    db.exec(`PRAGMA user_version = ${migration.version}`);
  }
}

/** A newer TimeLocker may have changed what rows mean: neither read nor write such a catalog. */
export function assertKnownSchema(db: Database, file: string): number {
  const current = schemaVersion(db);
  if (current > latestSchemaVersion) {
    throw new Error(
      `The catalog ${file} has schema version ${current}, but this TimeLocker only knows up to ${latestSchemaVersion}: ` +
        'it was written by a newer TimeLocker. Upgrade TimeLocker (the file was left unchanged).',
    );
  }
  return current;
}
