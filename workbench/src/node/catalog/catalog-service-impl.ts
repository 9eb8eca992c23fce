import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { inject, injectable } from 'inversify';
import type { Database } from 'sql.js';
import { KernelOptions } from '../core/kernel-options.js';
import { acquireFileLock } from '../core/file-lock.js';
import { LogService } from '../core/log-service.js';
import type { Logger } from '../core/log-service.js';
import { removeLeftoverTempFiles } from '../core/durable-files.js';
import { catalogFileName, fingerprint, readVersion, replaceAtomically, type FileFingerprint } from './catalog-file.js';
import { CatalogCopies } from './catalog-copies.js';
import { loadSqlJs, openCatalogBytes } from './catalog-database.js';
import { CatalogError, isDamageError, wayOut } from './catalog-errors.js';
import type { CatalogService } from './catalog-service.js';
import { assertKnownSchema, latestSchemaVersion, migrate } from './migrations.js';

export { catalogFileName };
/** Written when the catalog is first created: a missing catalog beside it was lost, not never made. */
export const catalogMarkerName = 'catalog.created';
export const catalogCopiesDirName = 'catalog-copies';

interface LoadedCatalog {
  readonly db: Database;
  readonly fingerprint: FileFingerprint;
  /** Its schema version, asked once per load or write: a PRAGMA on every read cost an API poll a quarter of its catalog time. */
  schemaVersion?: number;
}

@injectable()
export class CatalogServiceImpl implements CatalogService {
  readonly file: string;
  readonly copies: CatalogCopies;
  /** Launchers and tests that kill writers on purpose may lower it (proper-lockfile's floor is 2000 ms). */
  lockStaleMs = 10_000;
  private readonly marker: string;
  private readonly logger: Logger;
  private loaded: LoadedCatalog | undefined;
  /** One operation at a time in this process: a read must not swap the db under a write that is persisting it. */
  private queue: Promise<unknown> = Promise.resolve();
  private tempFilesSwept = false;
  private markerKnown = false;
  /** The UTC day a daily copy was last seen or taken by this process. */
  private copiedOn: string | undefined;
  private closed = false;

  constructor(
    @inject(KernelOptions) private readonly options: KernelOptions,
    @inject(LogService) logService: LogService,
  ) {
    this.file = join(options.dataDir, catalogFileName);
    this.marker = join(options.dataDir, catalogMarkerName);
    this.copies = new CatalogCopies(join(options.dataDir, catalogCopiesDirName));
    this.logger = logService.getLogger('catalog');
  }

  read<T>(fn: (db: Database) => T): Promise<T> {
    return this.serialize(async () => {
      const loaded = await this.loadedCatalog();
      let db = loaded.db;
      if ((loaded.schemaVersion ??= assertKnownSchema(db, this.file)) < latestSchemaVersion) {
        // First use of a new or older catalog: migrate under the lock, then read what was persisted.
        await this.writeLocked(() => undefined);
        db = await this.current();
      }
      return this.guarded(() => fn(db));
    });
  }

  write<T>(fn: (db: Database) => T): Promise<T> {
    return this.serialize(() => this.writeLocked(fn));
  }

  /** Runs `fn` holding the catalog's inter-process lock, with nothing loaded in this process (restore replaces the file). */
  exclusive<T>(fn: () => Promise<T>): Promise<T> {
    return this.serialize(() => this.locked(async () => {
      this.forget();
      try {
        return await fn();
      } finally {
        this.forget();
      }
    }));
  }

  close(): Promise<void> {
    return this.serialize(async () => {
      this.closed = true;
      this.forget();
    });
  }

  /** The way out named in every catalog error: check, then restore a copy (or start empty when there is none). */
  async wayOut(): Promise<string> {
    return wayOut((await this.copies.list()).length);
  }

  private serialize<T>(op: () => Promise<T>): Promise<T> {
    const run = this.queue.then(() => {
      if (this.closed) throw new Error(`The catalog ${this.file} is closed`);
      return op();
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async locked<T>(fn: () => Promise<T>): Promise<T> {
    await mkdir(this.options.dataDir, { recursive: true });
    const release = await acquireFileLock(this.file, {
      staleMs: this.lockStaleMs,
      what: 'The catalog',
      onCompromised: (error) => this.logger.error(`lock on ${this.file} was lost: ${error.message}`),
    });
    try {
      return await fn();
    } finally {
      await release().catch((error: unknown) =>
        this.logger.warn(`releasing the lock on ${this.file} failed: ${(error as Error).message}`),
      );
    }
  }

  private writeLocked<T>(fn: (db: Database) => T): Promise<T> {
    return this.locked(async () => {
      if (!this.tempFilesSwept) {
        await removeLeftoverTempFiles(this.file);
        this.tempFilesSwept = true;
      }
      const db = await this.current();
      const existed = this.loaded?.fingerprint !== 'missing';
      if (existed) await this.copyBeforeMigration(db);
      const result = await this.guarded(() => this.transaction(db, fn));
      try {
        const written = await replaceAtomically(this.file, db.export());
        this.loaded = { db, fingerprint: written };
      } catch (error) {
        // The in-memory db holds a commit the file lacks: forget it so the next operation reloads the truth.
        this.forget();
        throw new Error(`Could not save the catalog ${this.file}: ${(error as Error).message}`, { cause: error });
      }
      if (!this.markerKnown) await this.writeMarker();
      if (existed) await this.copyDaily();
      return result;
    });
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

  /** The file as loaded (it passed the checks), before a schema migration changes it. */
  private async copyBeforeMigration(db: Database): Promise<void> {
    const version = assertKnownSchema(db, this.file);
    if (version >= latestSchemaVersion) return;
    await this.copies.take(this.file, 'before-migration');
    this.logger.info(`copied ${this.file} before migrating it from schema ${version} to ${latestSchemaVersion}`);
  }

  /** The first committed write of each day (after the one that created the file) is kept as a daily copy. */
  private async copyDaily(): Promise<void> {
    const now = new Date();
    const day = now.toISOString().slice(0, 10);
    if (this.copiedOn === day) return;
    if (await this.copies.dailyDue(now)) await this.copies.take(this.file, 'daily', now);
    this.copiedOn = day;
  }

  /** Statements that hit a damaged page fail with SQLite's own words: turn them into the catalog's error. */
  private async guarded<T>(fn: () => T): Promise<T> {
    try {
      return fn();
    } catch (error) {
      if (!isDamageError(error)) throw error;
      this.forget();
      throw new CatalogError('damaged', `The catalog ${this.file} is damaged (${(error as Error).message}). TimeLocker left it untouched. ${await this.wayOut()}`, { cause: error });
    }
  }

  /** The database as of the latest committed file, reloaded only when another process replaced it. */
  private async current(): Promise<Database> {
    return (await this.loadedCatalog()).db;
  }

  private async loadedCatalog(): Promise<LoadedCatalog> {
    if (this.loaded && this.loaded.fingerprint === (await this.fingerprint())) return this.loaded;
    const SQL = await loadSqlJs();
    const version = await this.readFile();
    if (!version.bytes && (await this.markerExists())) {
      throw new CatalogError('missing', `The catalog ${this.file} is missing, but this data dir had one (see ${this.marker}); TimeLocker did not re-create it. ` +
        `If the data dir lives on a disk that is not mounted, mount it. ${await this.wayOut()}`);
    }
    const db = version.bytes ? openCatalogBytes(SQL, version.bytes, this.file, await this.wayOut()) : new SQL.Database();
    if (this.loaded) this.logger.debug(`reloading ${this.file}: changed by another process`);
    this.forget();
    this.loaded = { db, fingerprint: version.fingerprint };
    return this.loaded;
  }

  private async fingerprint(): Promise<FileFingerprint> {
    return fingerprint(this.file).catch((error: unknown) => this.unreadable(error));
  }

  private async readFile(): Promise<Awaited<ReturnType<typeof readVersion>>> {
    return readVersion(this.file).catch((error: unknown) => this.unreadable(error));
  }

  private async unreadable(error: unknown): Promise<never> {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw new CatalogError('unreadable', `The catalog ${this.file} cannot be read (${code}: ${(error as Error).message}). ` +
      `Check the file's permissions and the disk; nothing was changed. ${await this.wayOut()}`, { cause: error });
  }

  private async markerExists(): Promise<boolean> {
    return stat(this.marker).then(() => true, () => false);
  }

  private async writeMarker(): Promise<void> {
    const existing = await readFile(this.marker, 'utf8').catch(() => undefined);
    if (existing === undefined) await writeFile(this.marker, `${new Date().toISOString()}\n`, { mode: 0o600 });
    this.markerKnown = true;
  }

  private forget(): void {
    this.loaded?.db.close();
    this.loaded = undefined;
  }
}
