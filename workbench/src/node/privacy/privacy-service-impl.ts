import type { JsonObject, JsonValue } from '@timelocker/plugin-api';
import { inject, injectable, named } from 'inversify';
import type { Database } from 'sql.js';
import { ContributionProvider } from '../../common/contribution-provider.js';
import { AuditServiceImpl } from '../audit/audit-service-impl.js';
import { readRawConfig } from '../audit/config-diff.js';
import { CatalogService } from '../catalog/catalog-service.js';
import { JobStore } from '../catalog/job-store.js';
import { KernelOptions } from '../core/kernel-options.js';
import { ConsentStore } from './consent-store.js';
import { ErasableData } from '../core/erasable-data.js';
import type { ErasureResult, PrivacyExport, PrivacyService } from './privacy-service.js';
import { redactConfig } from './redact-config.js';

function deleteAll(db: Database, table: string): number {
  db.run(`DELETE FROM ${table}`);
  return db.getRowsModified();
}

@injectable()
export class PrivacyServiceImpl implements PrivacyService {
  constructor(
    @inject(CatalogService) private readonly catalog: CatalogService,
    @inject(JobStore) private readonly jobs: JobStore,
    @inject(AuditServiceImpl) private readonly audit: AuditServiceImpl,
    @inject(ConsentStore) private readonly consents: ConsentStore,
    @inject(KernelOptions) private readonly options: KernelOptions,
    @inject(ContributionProvider) @named(ErasableData) private readonly erasables: ContributionProvider<ErasableData>,
  ) {}

  async exportData(): Promise<PrivacyExport> {
    const config = redactConfig(await readRawConfig(this.options.configFile) as JsonValue);
    const data: PrivacyExport = {
      generatedAt: new Date().toISOString(),
      actor: this.options.actor,
      configFile: this.options.configFile,
      dataDir: this.options.dataDir,
      config,
      jobs: (await this.jobs.list()) as unknown as JsonObject[],
      auditEntries: await this.audit.entries(),
      consents: await this.consents.list(),
    };
    await this.audit.record({
      type: 'privacy.exported', severity: 'info',
      details: { jobs: data.jobs.length, auditEntries: data.auditEntries.length, consents: data.consents.length },
    });
    return data;
  }

  async erase(): Promise<ErasureResult> {
    let counts = { jobs: 0, snapshots: 0, consents: 0 };
    const caches = this.erasables.getContributions().map((e) => e.erasableName);
    const tombstone = await this.audit.eraseAll({ type: 'privacy.erased', severity: 'warning' }, async () => {
      const jobs = await this.jobs.erase();
      counts = { jobs, ...await this.catalog.write((db) => ({ snapshots: deleteAll(db, 'snapshots'), consents: deleteAll(db, 'consents') })) };
      await Promise.all(this.erasables.getContributions().map((e) => e.erase()));
      return { ...counts, caches };
    });
    return { ...counts, caches, auditEntries: Number(tombstone.details['removed'] ?? 0), tombstone };
  }
}
