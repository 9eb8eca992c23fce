import { inject, injectable } from 'inversify';
import type { Database } from 'sql.js';
import { CatalogService } from '../catalog/catalog-service.js';
import type { ScheduleStore, TaskRunRecord } from './schedule-store.js';

function records(db: Database, where: string, params: string[]): TaskRunRecord[] {
  const stmt = db.prepare(`SELECT task, last_slot, last_started, last_job, last_status FROM schedule_runs ${where}`, params);
  try {
    const rows: TaskRunRecord[] = [];
    while (stmt.step()) {
      const [task, lastSlot, lastStarted, lastJob, lastStatus] = stmt.get() as [string, string, string | null, string | null, string | null];
      rows.push({
        task, lastSlot,
        ...(lastStarted !== null && { lastStarted }),
        ...(lastJob !== null && { lastJob }),
        ...(lastStatus !== null && { lastStatus: lastStatus as NonNullable<TaskRunRecord['lastStatus']> }),
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

  async all(): Promise<Map<string, TaskRunRecord>> {
    const rows = await this.catalog.read((db) => records(db, '', []));
    return new Map(rows.map((r) => [r.task, r]));
  }

  async get(task: string): Promise<TaskRunRecord | undefined> {
    return (await this.catalog.read((db) => records(db, 'WHERE task = ?', [task])))[0];
  }

  async put(...records: TaskRunRecord[]): Promise<void> {
    if (records.length === 0) return;
    await this.catalog.write((db) => {
      for (const record of records) {
        db.run(
          'INSERT OR REPLACE INTO schedule_runs (task, last_slot, last_started, last_job, last_status) VALUES (?, ?, ?, ?, ?)',
          [record.task, record.lastSlot, record.lastStarted ?? null, record.lastJob ?? null, record.lastStatus ?? null],
        );
      }
    });
  }
}
