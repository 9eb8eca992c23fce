import { createRequire } from 'node:module';
import initSqlJs from 'sql.js';
import type { Database, SqlJsStatic } from 'sql.js';
import { CatalogError } from './catalog-errors.js';

let sqlJs: Promise<SqlJsStatic> | undefined;

/** The WASM module is compiled once per process and shared by every catalog instance. */
export function loadSqlJs(): Promise<SqlJsStatic> {
  if (!sqlJs) {
    const wasm = createRequire(import.meta.url).resolve('sql.js/dist/sql-wasm.wasm');
    sqlJs = initSqlJs({ locateFile: () => wasm }).catch((error: unknown) => {
      sqlJs = undefined;
      throw error;
    });
  }
  return sqlJs;
}

/**
 * Opens catalog bytes and proves they are a sound SQLite database: sql.js opens lazily, so only a query tells, and
 * `quick_check` finds damaged pages anywhere in the file (cheap: the catalog holds current state, not history).
 */
export function openCatalogBytes(SQL: SqlJsStatic, bytes: Uint8Array, file: string, wayOut: string): Database {
  if (bytes.length === 0) {
    throw new CatalogError('empty', `The catalog ${file} is empty (0 bytes); it held TimeLocker's state before, and TimeLocker did not re-create it. ${wayOut}`);
  }
  let db: Database | undefined;
  try {
    db = new SQL.Database(bytes);
    const result = db.exec('PRAGMA quick_check')[0]?.values.map((row) => String(row[0])) ?? [];
    if (result.join() !== 'ok') throw new Error(result.slice(0, 3).join('; '));
    return db;
  } catch (error) {
    db?.close();
    throw new CatalogError('damaged',
      `The catalog ${file} is damaged (${(error as Error).message}). TimeLocker left it untouched. ${wayOut}`, { cause: error });
  }
}

/** The schema version a database says it has (`PRAGMA user_version`). */
export function schemaVersionOf(db: Database): number {
  const value = db.exec('PRAGMA user_version')[0]?.values[0]?.[0];
  return typeof value === 'number' ? value : 0;
}
