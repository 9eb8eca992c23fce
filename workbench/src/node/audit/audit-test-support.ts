import { readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import initSqlJs from 'sql.js';
import type { Database } from 'sql.js';
import { newCatalog } from '../catalog/catalog-test-support.js';
import type { CatalogServiceImpl } from '../catalog/catalog-service-impl.js';
import { kernelOptionsFor } from '../catalog/catalog-test-support.js';
import { AuditServiceImpl } from './audit-service-impl.js';

/** A catalog and an audit service over `dataDir`, as one kernel would have them. */
export function newAudit(dataDir: string): { audit: AuditServiceImpl; catalog: CatalogServiceImpl } {
  const { catalog, log } = newCatalog(dataDir);
  return { audit: new AuditServiceImpl(catalog, kernelOptionsFor(dataDir), log), catalog };
}

/** Edits the catalog file behind TimeLocker's back, the way an attacker with file access would. */
export async function tamper(dataDir: string, edit: (db: Database) => void): Promise<void> {
  const SQL = await initSqlJs({ locateFile: () => createRequire(import.meta.url).resolve('sql.js/dist/sql-wasm.wasm') });
  const file = join(dataDir, 'catalog.sqlite');
  const db = new SQL.Database(await readFile(file));
  try {
    edit(db);
    await writeFile(file, db.export());
  } finally {
    db.close();
  }
}
