import { expect } from 'chai';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { kernelOptionsFor, tempDataDir } from '../catalog/catalog-test-support.js';
import { newAudit } from '../audit/audit-test-support.js';
import { JobStoreImpl } from '../catalog/job-store-impl.js';
import { LogServiceImpl } from '../core/log-service-impl.js';
import { ConsentStoreImpl } from './consent-store-impl.js';
import { PRIVACY_NOTICE_SUBJECT, PRIVACY_NOTICE_VERSION } from './privacy-notice.js';
import { PrivacyServiceImpl } from './privacy-service-impl.js';

describe('PrivacyServiceImpl', () => {
  let dir: string;
  let dispose: () => Promise<void>;
  /** A store of personal data outside the catalog, as the file index and the folder-listing cache are. */
  const cache = { erasableName: 'test cache', erased: 0, async erase(): Promise<void> { this.erased++; } };

  beforeEach(async () => ({ dir, dispose } = await tempDataDir()));
  afterEach(() => dispose());

  async function withPrivacy(fn: (privacy: PrivacyServiceImpl, consents: ConsentStoreImpl, audit: ReturnType<typeof newAudit>['audit']) => Promise<void>): Promise<void> {
    const { audit, catalog } = newAudit(dir);
    const options = kernelOptionsFor(dir);
    const consents = new ConsentStoreImpl(catalog, options);
    const jobs = new JobStoreImpl(catalog, new LogServiceImpl(options), options);
    try {
      await fn(new PrivacyServiceImpl(catalog, jobs, audit, consents, options, { getContributions: () => [cache] }), consents, audit);
    } finally {
      await catalog.close();
    }
  }

  async function seed(consents: ConsentStoreImpl, audit: ReturnType<typeof newAudit>['audit']): Promise<void> {
    await writeFile(join(dir, 'timelocker.json'), JSON.stringify({
      repositories: { home: { backend: 'local', path: '/srv/backup', password: { command: 'pass show token-abc' } } },
      plans: {}, plugins: { x: { apiToken: 'tok-123', region: 'eu' } },
    }));
    await consents.record(PRIVACY_NOTICE_SUBJECT, PRIVACY_NOTICE_VERSION, 'accepted', 'flag');
    await audit.record({ type: 'backup.started', severity: 'info', target: 'home' });
    await seedCatalogRows(audit);
  }

  /** An ended job and a cached snapshot, as the jobs and snapshot features would leave them. */
  async function seedCatalogRows(audit: ReturnType<typeof newAudit>['audit']): Promise<void> {
    await audit.flush();
    const { catalog } = newAudit(dir);
    const options = kernelOptionsFor(dir);
    const jobs = new JobStoreImpl(catalog, new LogServiceImpl(options), options);
    const { job } = await jobs.create({ kind: 'backup', repository: 'home', plan: 'daily' });
    await jobs.finish(job.id, { status: 'succeeded', summary: { filesNew: 3 } });
    await catalog.write((db) => db.run("INSERT INTO snapshots VALUES ('home', 'abc', 'abc', '2030-01-01T00:00:00Z', 'host', 'alice', '[\"/home/alice\"]', '[]', NULL)"));
    await catalog.close();
  }

  it('exports config without secrets, jobs, audit entries and consents, and audits the export', async () => {
    await withPrivacy(async (privacy, consents, audit) => {
      await seed(consents, audit);
      const data = await privacy.exportData();
      expect(data.jobs).to.have.length(1);
      expect(data.jobs[0]).to.deep.include({ plan: 'daily', status: 'succeeded', summary: { filesNew: 3 } });
      expect(data.consents.map((c) => c.decision)).to.deep.equal(['accepted']);
      expect(data.auditEntries.map((e) => e.type)).to.deep.equal(['backup.started']);
      const text = JSON.stringify(data);
      expect(text).not.to.include('token-abc');
      expect(text).not.to.include('tok-123');
      expect(text).to.include('/srv/backup');
      expect((await audit.list({ type: 'privacy.exported' }))).to.have.length(1);
    });
  });

  it('erases the catalog data and leaves one tombstone that starts a verifiable chain', async () => {
    await withPrivacy(async (privacy, consents, audit) => {
      await seed(consents, audit);
      await audit.record({ type: 'config.changed', severity: 'info' });
      const erasedBefore = cache.erased;
      const result = await privacy.erase();
      expect(result).to.deep.include({ jobs: 1, snapshots: 1, consents: 1, auditEntries: 2, caches: ['test cache'] });
      expect(cache.erased).to.equal(erasedBefore + 1);
      const entries = await audit.list();
      expect(entries).to.have.length(1);
      expect(entries[0]).to.deep.include({ type: 'privacy.erased', seq: 3 });
      expect(entries[0]!.details['firstKeptSeq']).to.equal(3);
      expect(entries[0]!.details['erased']).to.deep.include({ caches: ['test cache'] });
      expect(await consents.list()).to.deep.equal([]);
      expect((await privacy.exportData()).jobs).to.deep.equal([]);
      expect((await audit.verify()).intact).to.equal(true);
    });
  });
});
