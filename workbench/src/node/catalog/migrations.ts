import type { Database } from 'sql.js';
import { schemaVersionOf } from './catalog-database.js';
import { CatalogError } from './catalog-errors.js';
import { seedPlanRuns } from './plan-runs.js';

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
  {
    version: 2,
    description: 'hash-chained audit log, its anchors, and privacy consents',
    up: (db) =>
      db.exec(`
        CREATE TABLE audit_log (
          seq INTEGER PRIMARY KEY NOT NULL,
          time TEXT NOT NULL,
          type TEXT NOT NULL,
          severity TEXT NOT NULL,
          actor TEXT NOT NULL,
          target TEXT,
          details TEXT NOT NULL,
          prev_hash TEXT NOT NULL,
          hash TEXT NOT NULL
        );
        CREATE INDEX audit_log_time ON audit_log (time);
        CREATE TABLE audit_meta (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL);
        CREATE TABLE consents (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          subject TEXT NOT NULL,
          version TEXT NOT NULL,
          decision TEXT NOT NULL CHECK (decision IN ('accepted', 'declined', 'shown')),
          channel TEXT NOT NULL,
          actor TEXT NOT NULL,
          time TEXT NOT NULL
        );
      `),
  },
  {
    version: 3,
    description: 'repository storage samples (restic stats after backups)',
    up: (db) =>
      db.exec(`
        CREATE TABLE repository_stats (
          repository TEXT NOT NULL,
          time TEXT NOT NULL,
          job_id TEXT,
          raw_size INTEGER NOT NULL,
          restore_size INTEGER,
          blob_count INTEGER,
          snapshot_count INTEGER NOT NULL
        );
        CREATE INDEX repository_stats_time ON repository_stats (repository, time);
      `),
  },
  {
    version: 4,
    description: 'scheduler: last scheduled slot and last run per plan',
    up: (db) =>
      db.exec(`
        CREATE TABLE plan_schedule_runs (
          plan TEXT PRIMARY KEY NOT NULL,
          last_slot TEXT NOT NULL,
          last_started TEXT,
          last_job TEXT,
          last_status TEXT
        );
      `),
  },
  {
    version: 5,
    description: 'notifications: last delivery per (rule, notifier, message) for rate limiting',
    up: (db) =>
      db.exec(`
        CREATE TABLE notifications_sent (
          rule TEXT NOT NULL,
          notifier TEXT NOT NULL,
          message_hash TEXT NOT NULL,
          sent_at TEXT NOT NULL,
          PRIMARY KEY (rule, notifier, message_hash)
        );
      `),
  },
  {
    version: 6,
    description: 'REST API tokens (SHA-256 of the token only, never the token)',
    up: (db) =>
      db.exec(`
        CREATE TABLE api_tokens (
          name TEXT PRIMARY KEY NOT NULL,
          role TEXT NOT NULL CHECK (role IN ('admin', 'operator', 'viewer')),
          token_hash TEXT NOT NULL UNIQUE,
          created_at TEXT NOT NULL,
          last_used_at TEXT
        );
      `),
  },
  {
    version: 7,
    description: 'scheduler: runs keyed by task (backup:<plan>, check:<repository>, prune:<repository>) instead of plan',
    up: (db) =>
      db.exec(`
        CREATE TABLE schedule_runs (
          task TEXT PRIMARY KEY NOT NULL,
          last_slot TEXT NOT NULL,
          last_started TEXT,
          last_job TEXT,
          last_status TEXT
        );
        INSERT INTO schedule_runs (task, last_slot, last_started, last_job, last_status)
          SELECT 'backup:' || plan, last_slot, last_started, last_job, last_status FROM plan_schedule_runs;
        DROP TABLE plan_schedule_runs;
      `),
  },
  {
    version: 8,
    description: 'circuit breakers: consecutive scheduled failures and cool-down per repository',
    up: (db) =>
      db.exec(`
        CREATE TABLE repository_breakers (
          repository TEXT PRIMARY KEY NOT NULL,
          failures INTEGER NOT NULL,
          last_failure_at TEXT,
          last_error TEXT,
          opened_at TEXT,
          retry_at TEXT,
          cool_down_ms INTEGER
        );
      `),
  },
  {
    version: 9,
    description: 'api tokens may expire',
    up: (db) => db.exec('ALTER TABLE api_tokens ADD COLUMN expires_at TEXT;'),
  },
  {
    version: 10,
    description: 'history moves to segment files: live jobs stay (plan they hold, for joining), plus small current-state values, per-plan run totals and interruptions awaiting recovery',
    up: (db) => {
      db.exec(`
        ALTER TABLE jobs ADD COLUMN hold TEXT;
        CREATE INDEX jobs_hold ON jobs (hold);
        CREATE TABLE state (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL);
        CREATE TABLE plan_runs (plan TEXT PRIMARY KEY NOT NULL, stats TEXT NOT NULL);
        CREATE TABLE interruptions (job_id TEXT PRIMARY KEY NOT NULL, kind TEXT NOT NULL, repository TEXT NOT NULL, plan TEXT, finished_at TEXT NOT NULL);
      `);
      seedPlanRuns(db);
    },
  },
];

export const latestSchemaVersion = migrations[migrations.length - 1]?.version ?? 0;

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
  const current = schemaVersionOf(db);
  if (current > latestSchemaVersion) {
    throw new CatalogError('newer',
      `The catalog ${file} has schema version ${current}, but this TimeLocker only knows up to ${latestSchemaVersion}: ` +
        'it was written by a newer TimeLocker. Upgrade TimeLocker (the file was left unchanged).',
    );
  }
  return current;
}
