import type { JsonObject } from '@timelocker/plugin-api';
import type { SqlValue } from 'sql.js';
import type { CatalogService } from '../catalog/catalog-service.js';
import type { AuditEntry, AuditSeverity } from './audit-service.js';
import type { AuditLog } from './audit-store.js';

function toEntry(row: readonly SqlValue[]): AuditEntry {
  const [seq, time, type, severity, actor, target, details, prevHash, hash] = row;
  return {
    seq: Number(seq), time: String(time), type: String(type), severity: String(severity) as AuditSeverity,
    actor: String(actor), target: target === null ? null : String(target),
    details: JSON.parse(String(details)) as JsonObject, prevHash: String(prevHash), hash: String(hash),
  };
}

/**
 * Catalogs from before the segment files kept the audit log in an `audit_log` table: its entries move, unchanged
 * (hashes included), into segments — one per month — and then leave the catalog. Idempotent: entries already in
 * the segments are skipped, so a crash between the two steps is repaired by the next run.
 */
export async function importLegacyAudit(catalog: CatalogService, log: AuditLog): Promise<number> {
  const pending = await catalog.read((db) => Number(db.exec('SELECT count(*) FROM audit_log')[0]?.values[0]?.[0] ?? 0));
  if (pending === 0) return 0;
  return log.chain.transaction(async (tx) => {
    const head = await tx.head();
    const rows = await catalog.read((db) => (db.exec(
      'SELECT seq, time, type, severity, actor, target, details, prev_hash, hash FROM audit_log WHERE seq > ? ORDER BY seq', [head.seq],
    )[0]?.values ?? []).map(toEntry));
    const months = new Map<string, AuditEntry[]>();
    for (const entry of rows) {
      const month = entry.time.slice(0, 7);
      const list = months.get(month) ?? [];
      list.push(entry);
      months.set(month, list);
    }
    for (const entries of months.values()) await tx.append(entries, true);
    await catalog.write((db) => {
      db.run('DELETE FROM audit_log');
      db.run('DELETE FROM audit_meta');
    });
    return rows.length;
  });
}
