import { inject, injectable } from 'inversify';
import { CatalogService } from '../catalog/catalog-service.js';
import { KernelOptions } from '../core/kernel-options.js';
import { consentColumns, selectLatestConsent, toConsentRecord } from './consent-rows.js';
import type { ConsentChannel, ConsentDecision, ConsentRecord, ConsentStore } from './consent-store.js';

@injectable()
export class ConsentStoreImpl implements ConsentStore {
  constructor(
    @inject(CatalogService) private readonly catalog: CatalogService,
    @inject(KernelOptions) private readonly options: KernelOptions,
  ) {}

  latest(subject: string, version: string): Promise<ConsentRecord | undefined> {
    return this.catalog.read((db) => selectLatestConsent(db, subject, version));
  }

  record(subject: string, version: string, decision: ConsentDecision, channel: ConsentChannel): Promise<ConsentRecord> {
    const time = new Date().toISOString();
    return this.catalog.write((db) => {
      db.run('INSERT INTO consents (subject, version, decision, channel, actor, time) VALUES (?, ?, ?, ?, ?, ?)',
        [subject, version, decision, channel, this.options.actor, time]);
      return toConsentRecord(db.exec(`SELECT ${consentColumns} FROM consents WHERE id = last_insert_rowid()`)[0]!.values[0]!);
    });
  }

  list(): Promise<ConsentRecord[]> {
    return this.catalog.read((db) => (db.exec(`SELECT ${consentColumns} FROM consents ORDER BY id`)[0]?.values ?? []).map(toConsentRecord));
  }
}
