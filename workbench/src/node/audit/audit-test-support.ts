import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { kernelOptionsFor, newCatalog } from '../catalog/catalog-test-support.js';
import type { CatalogServiceImpl } from '../catalog/catalog-service-impl.js';
import { CredentialsServiceImpl } from '../credentials/credentials-service-impl.js';
import { AuditHealth } from './audit-health.js';
import { AuditKeyProvider } from './audit-key.js';
import { AuditServiceImpl } from './audit-service-impl.js';
import { auditDirName } from './audit-store.js';

/** A catalog and an audit service over `dataDir`, as one kernel would have them; the key lives beside `configFile`. */
export function newAudit(dataDir: string, configFile = join(dataDir, '..', 'config', 'timelocker.json')): { audit: AuditServiceImpl; catalog: CatalogServiceImpl; keys: AuditKeyProvider } {
  const { catalog, log } = newCatalog(dataDir);
  const options = { ...kernelOptionsFor(dataDir), configFile };
  const keys = new AuditKeyProvider(new CredentialsServiceImpl(log), options);
  return { audit: new AuditServiceImpl(catalog, options, log, keys, new AuditHealth(catalog, log)), catalog, keys };
}

/** The audit segment files, oldest first. */
export async function auditSegments(dataDir: string): Promise<string[]> {
  const dir = join(dataDir, auditDirName);
  return (await readdir(dir)).filter((name) => name.endsWith('.jsonl')).sort().map((name) => join(dir, name));
}

/** Edits the lines of one audit segment (default: the newest) behind TimeLocker's back, as someone with file access would. */
export async function tamper(dataDir: string, edit: (lines: string[]) => string[], segment = -1): Promise<void> {
  const file = (await auditSegments(dataDir)).at(segment)!;
  const lines = (await readFile(file, 'utf8')).split('\n').filter((line) => line !== '');
  await writeFile(file, `${edit(lines).join('\n')}\n`);
}
