import type { Database } from 'sql.js';

export const CatalogService = Symbol('CatalogService');

/**
 * The sql.js catalog at `<data-dir>/catalog.sqlite`. Reads see the latest committed file; every write runs
 * under an inter-process lock, on a database reloaded if another process changed the file, in a transaction,
 * and is persisted atomically (temp file + fsync + rename) before `write` resolves.
 */
export interface CatalogService {
  read<T>(fn: (db: Database) => T): Promise<T>;
  write<T>(fn: (db: Database) => T): Promise<T>;
  close(): Promise<void>;
}
