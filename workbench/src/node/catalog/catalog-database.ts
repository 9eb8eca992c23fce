import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import initSqlJs from 'sql.js';
import type { Database, SqlJsStatic } from 'sql.js';
import { CatalogError } from './catalog-errors.js';

/** What this file uses of the WebAssembly global (the kernel's TypeScript lib declares none of it). */
interface WebAssemblyApi {
  compile(bytes: Uint8Array): Promise<WebAssembly.Module>;
  Instance: new (module: WebAssembly.Module, imports: object) => object;
}
const webAssembly = (globalThis as unknown as { WebAssembly: WebAssemblyApi }).WebAssembly;

let sqlJs: Promise<SqlJsStatic> | undefined;
let compiledEarly: Promise<WebAssembly.Module> | undefined;

function sqlWasmFile(): string {
  return createRequire(import.meta.url).resolve('sql.js/dist/sql-wasm.wasm');
}

/**
 * Starts compiling sql.js's WebAssembly module (decoding and validating it on V8's background threads): a CLI command
 * starts it at its entry (cli-entry.ts), so that it overlaps with loading the CLI bundle instead of following it.
 */
export function compileSqlWasm(): Promise<WebAssembly.Module> {
  try {
    return webAssembly.compile(readFileSync(sqlWasmFile()));
  } catch (error) {
    return Promise.reject(error);
  }
}

/** The module `compileSqlWasm` started compiling in this process, for the first `loadSqlJs` to instantiate. */
export function adoptCompiledSqlWasm(module: Promise<WebAssembly.Module>): void {
  compiledEarly = module;
}

/** The WASM module is compiled once per process (or adopted, see `adoptCompiledSqlWasm`) and shared by every catalog instance. */
export function loadSqlJs(): Promise<SqlJsStatic> {
  if (!sqlJs) {
    const adopted = compiledEarly;
    compiledEarly = undefined;
    sqlJs = (async () => {
      // A compile that failed early is repeated here, with its error if it fails again.
      const module = await adopted?.catch(() => undefined);
      return initSqlJs(module
        ? {
          instantiateWasm: (imports, receive) => {
            // Synchronous: an error rejects initSqlJs's promise (the hook's own errors are not awaited).
            receive(new webAssembly.Instance(module, imports));
            return undefined;
          },
        }
        : { locateFile: () => sqlWasmFile() });
    })().catch((error: unknown) => {
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
