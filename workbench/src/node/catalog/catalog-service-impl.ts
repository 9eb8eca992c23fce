import { mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { inject, injectable } from 'inversify';
import initSqlJs from 'sql.js';
import type { Database, SqlJsStatic } from 'sql.js';
import { KernelOptions } from '../core/kernel-options.js';
import { LogService } from '../core/log-service.js';
import type { Logger } from '../core/log-service.js';
import {
  fingerprint,
  readVersion,
  removeLeftoverTempFiles,
  replaceAtomically,
  type FileFingerprint,
} from './catalog-file.js';
import { acquireCatalogLock } from './catalog-lock.js';
import type { CatalogService } from './catalog-service.js';
import { assertKnownSchema, latestSchemaVersion, migrate } from './migrations.js';

let sqlJs: Promise<SqlJsStatic> | undefined;

/** The WASM module is compiled once per process and shared by every catalog instance. */
function loadSqlJs(): Promise<SqlJsStatic> {
  if (!sqlJs) {
    const wasm = createRequire(import.meta.url).resolve('sql.js/dist/sql-wasm.wasm');
    sqlJs = initSqlJs({ locateFile: () => wasm }).catch((error: unknown) => {
      sqlJs = undefined;
      throw error;
    });
  }
  return sqlJs;
}

export const catalogFileName = 'catalog.sqlite';

interface LoadedCatalog {
  readonly db: Database;
  readonly fingerprint: FileFingerprint;
}

@injectable()
export class CatalogServiceImpl implements CatalogService {
  readonly file: string;
  /** Launchers and tests that kill writers on purpose may lower it (proper-lockfile's floor is 2000 ms). */
  lockStaleMs = 10_000;
  private readonly logger: Logger;
  private loaded: LoadedCatalog | undefined;
  /** One operation at a time in this process: a read must not swap the db under a write that is persisting it. */
  private queue: Promise<unknown> = Promise.resolve();
  private tempFilesSwept = false;
  private closed = false;

  constructor(
    @inject(KernelOptions) private readonly options: KernelOptions,
    @inject(LogService) logService: LogService,
  ) {
    this.file = join(options.dataDir, catalogFileName);
    this.logger = logService.getLogger('catalog');
  }

  read<T>(fn: (db: Database) => T): Promise<T> {
    return this.serialize(async () => {
      let db = await this.current();
      if (assertKnownSchema(db, this.file) < latestSchemaVersion) {
        // First use of a new or older catalog: migrate under the lock, then read what was persisted.
        await this.writeLocked(() => undefined);
        db = await this.current();
      }
      return fn(db);
    });
  }

  write<T>(fn: (db: Database) => T): Promise<T> {
    return this.serialize(() => this.writeLocked(fn));
  }

  close(): Promise<void> {
    return this.serialize(async () => {
      this.closed = true;
      this.loaded?.db.close();
      this.loaded = undefined;
    });
  }

  private serialize<T>(op: () => Promise<T>): Promise<T> {
    const run = this.queue.then(() => {
      if (this.closed) throw new Error(`The catalog ${this.file} is closed`);
      return op();
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async writeLocked<T>(fn: (db: Database) => T): Promise<T> {
    await mkdir(this.options.dataDir, { recursive: true });
    const release = await acquireCatalogLock(this.file, {
      staleMs: this.lockStaleMs,
      onCompromised: (error) => this.logger.error(`lock on ${this.file} was lost: ${error.message}`),
    });
    try {
      if (!this.tempFilesSwept) {
        await removeLeftoverTempFiles(this.file);
        this.tempFilesSwept = true;
      }
      const db = await this.current();
      const result = this.transaction(db, fn);
      try {
        const written = await replaceAtomically(this.file, db.export());
        this.loaded = { db, fingerprint: written };
      } catch (error) {
        // The in-memory db holds a commit the file lacks: forget it so the next operation reloads the truth.
        this.forget();
        throw new Error(`Could not save the catalog ${this.file}: ${(error as Error).message}`, { cause: error });
      }
      return result;
    } finally {
      await release().catch((error: unknown) =>
        this.logger.warn(`releasing the lock on ${this.file} failed: ${(error as Error).message}`),
      );
    }
  }

  private transaction<T>(db: Database, fn: (db: Database) => T): T {
    db.exec('BEGIN IMMEDIATE');
    try {
      migrate(db, this.file);
      const result = fn(db);
      db.exec('COMMIT');
      return result;
    } catch (error) {
      db.exec('ROLLBACK');
      throw error;
    }
  }

  /** The database as of the latest committed file, reloaded only when another process replaced it. */
  private async current(): Promise<Database> {
    if (this.loaded && this.loaded.fingerprint === (await fingerprint(this.file))) return this.loaded.db;
    const SQL = await loadSqlJs();
    const version = await readVersion(this.file);
    const db = version.bytes ? this.open(SQL, version.bytes) : new SQL.Database();
    if (this.loaded) this.logger.debug(`reloading ${this.file}: changed by another process`);
    this.forget();
    this.loaded = { db, fingerprint: version.fingerprint };
    return db;
  }

  private open(SQL: SqlJsStatic, bytes: Uint8Array): Database {
    let db: Database | undefined;
    try {
      db = new SQL.Database(bytes);
      // sql.js opens lazily: only a query proves the bytes are a database.
      db.exec('SELECT count(*) FROM sqlite_master');
      return db;
    } catch (error) {
      db?.close();
      throw new Error(
        `The catalog ${this.file} is not a readable SQLite database (${(error as Error).message}). ` +
          'TimeLocker left it untouched. Move it aside (e.g. to catalog.sqlite.broken) to start with an empty ' +
          'catalog, or put back a good copy from a backup.',
        { cause: error },
      );
    }
  }

  private forget(): void {
    this.loaded?.db.close();
    this.loaded = undefined;
  }
}
