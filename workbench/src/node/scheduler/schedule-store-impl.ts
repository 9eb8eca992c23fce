import { inject, injectable } from 'inversify';
import type { Database } from 'sql.js';
import { CatalogService } from '../catalog/catalog-service.js';
import type { PlanRunRecord, ScheduleStore } from './schedule-store.js';

function records(db: Database, where: string, params: string[]): PlanRunRecord[] {
  const stmt = db.prepare(`SELECT plan, last_slot, last_started, last_job, last_status FROM plan_schedule_runs ${where}`, params);
  try {
    const rows: PlanRunRecord[] = [];
    while (stmt.step()) {
      const [plan, lastSlot, lastStarted, lastJob, lastStatus] = stmt.get() as [string, string, string | null, string | null, string | null];
      rows.push({
        plan, lastSlot,
        ...(lastStarted !== null && { lastStarted }),
        ...(lastJob !== null && { lastJob }),
        ...(lastStatus !== null && { lastStatus: lastStatus as NonNullable<PlanRunRecord['lastStatus']> }),
      });
    }
    return rows;
  } finally {
    stmt.free();
  }
}

@injectable()
export class ScheduleStoreImpl implements ScheduleStore {
  constructor(@inject(CatalogService) private readonly catalog: CatalogService) {}

  async all(): Promise<Map<string, PlanRunRecord>> {
    const rows = await this.catalog.read((db) => records(db, '', []));
    return new Map(rows.map((r) => [r.plan, r]));
  }

  async get(plan: string): Promise<PlanRunRecord | undefined> {
    return (await this.catalog.read((db) => records(db, 'WHERE plan = ?', [plan])))[0];
  }

  async put(...records: PlanRunRecord[]): Promise<void> {
    if (records.length === 0) return;
    await this.catalog.write((db) => {
      for (const record of records) {
        db.run(
          'INSERT OR REPLACE INTO plan_schedule_runs (plan, last_slot, last_started, last_job, last_status) VALUES (?, ?, ?, ?, ?)',
          [record.plan, record.lastSlot, record.lastStarted ?? null, record.lastJob ?? null, record.lastStatus ?? null],
        );
      }
    });
  }
}
