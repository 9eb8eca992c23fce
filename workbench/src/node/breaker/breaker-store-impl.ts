import { inject, injectable } from 'inversify';
import type { Database, SqlValue } from 'sql.js';
import { CatalogService } from '../catalog/catalog-service.js';
import type { BreakerRecord, BreakerStep } from './breaker-state.js';
import type { BreakerStore } from './breaker-store.js';

const columns = 'repository, failures, last_failure_at, last_error, opened_at, retry_at, cool_down_ms';

function select(db: Database, where: string, params: SqlValue[]): BreakerRecord[] {
  const stmt = db.prepare(`SELECT ${columns} FROM repository_breakers ${where} ORDER BY repository`, params);
  try {
    const records: BreakerRecord[] = [];
    while (stmt.step()) {
      const [repository, failures, lastFailureAt, lastError, openedAt, retryAt, coolDownMs] = stmt.get();
      records.push({
        repository: String(repository), failures: Number(failures),
        ...(lastFailureAt !== null && { lastFailureAt: String(lastFailureAt) }),
        ...(lastError !== null && { lastError: String(lastError) }),
        ...(openedAt !== null && { openedAt: String(openedAt) }),
        ...(retryAt !== null && { retryAt: String(retryAt) }),
        ...(coolDownMs !== null && { coolDownMs: Number(coolDownMs) }),
      });
    }
    return records;
  } finally {
    stmt.free();
  }
}

function put(db: Database, r: BreakerRecord): void {
  db.run(`INSERT OR REPLACE INTO repository_breakers (${columns}) VALUES (?, ?, ?, ?, ?, ?, ?)`, [
    r.repository, r.failures, r.lastFailureAt ?? null, r.lastError ?? null, r.openedAt ?? null, r.retryAt ?? null, r.coolDownMs ?? null,
  ]);
}

@injectable()
export class BreakerStoreImpl implements BreakerStore {
  constructor(@inject(CatalogService) private readonly catalog: CatalogService) {}

  all(): Promise<BreakerRecord[]> {
    return this.catalog.read((db) => select(db, '', []));
  }

  async get(repository: string): Promise<BreakerRecord | undefined> {
    return (await this.catalog.read((db) => select(db, 'WHERE repository = ?', [repository])))[0];
  }

  async update(repository: string, step: (record: BreakerRecord | undefined) => BreakerStep | undefined): Promise<BreakerStep | undefined> {
    // Most calls (a success on a healthy repository) change nothing: decide on a read, write only when needed.
    if (!step(await this.get(repository))) return undefined;
    return this.catalog.write((db) => {
      const next = step(select(db, 'WHERE repository = ?', [repository])[0]);
      if (next) put(db, next.record);
      return next;
    });
  }
}
