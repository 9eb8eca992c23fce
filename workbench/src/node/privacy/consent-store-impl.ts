import { inject, injectable } from 'inversify';
import type { SqlValue } from 'sql.js';
import { CatalogService } from '../catalog/catalog-service.js';
import { KernelOptions } from '../core/kernel-options.js';
import type { ConsentChannel, ConsentDecision, ConsentRecord, ConsentStore } from './consent-store.js';

const columns = 'id, subject, version, decision, channel, actor, time';

function toRecord(row: readonly SqlValue[]): ConsentRecord {
  const [id, subject, version, decision, channel, actor, time] = row;
  return {
    id: Number(id), subject: String(subject), version: String(version), decision: String(decision) as ConsentDecision,
    channel: String(channel) as ConsentChannel, actor: String(actor), time: String(time),
  };
}

@injectable()
export class ConsentStoreImpl implements ConsentStore {
  constructor(
    @inject(CatalogService) private readonly catalog: CatalogService,
    @inject(KernelOptions) private readonly options: KernelOptions,
  ) {}

  latest(subject: string, version: string): Promise<ConsentRecord | undefined> {
    return this.catalog.read((db) => {
      const row = db.exec(`SELECT ${columns} FROM consents WHERE subject = ? AND version = ? ORDER BY id DESC LIMIT 1`, [subject, version])[0]?.values[0];
      return row ? toRecord(row) : undefined;
    });
  }

  record(subject: string, version: string, decision: ConsentDecision, channel: ConsentChannel): Promise<ConsentRecord> {
    const time = new Date().toISOString();
    return this.catalog.write((db) => {
      db.run('INSERT INTO consents (subject, version, decision, channel, actor, time) VALUES (?, ?, ?, ?, ?, ?)',
        [subject, version, decision, channel, this.options.actor, time]);
      return toRecord(db.exec(`SELECT ${columns} FROM consents WHERE id = last_insert_rowid()`)[0]!.values[0]!);
    });
  }

  list(): Promise<ConsentRecord[]> {
    return this.catalog.read((db) => (db.exec(`SELECT ${columns} FROM consents ORDER BY id`)[0]?.values ?? []).map(toRecord));
  }
}
