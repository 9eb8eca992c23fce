import { expect } from 'chai';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { kernelOptionsFor, tempDataDir } from '../catalog/catalog-test-support.js';
import { ConfigService } from '../config/config-service.js';
import { CredentialsService } from '../credentials/credentials-service.js';
import { JobService } from '../jobs/job-service.js';
import { startKernel } from '../kernel.js';
import { AuditService } from './audit-service.js';
import { AuditServiceImpl } from './audit-service-impl.js';
import { AuditingCredentialsService } from './auditing-credentials-service.js';
import { newAudit } from './audit-test-support.js';

describe('audit recording in a real kernel', () => {
  let dir: string;
  let dispose: () => Promise<void>;

  beforeEach(async () => ({ dir, dispose } = await tempDataDir()));
  afterEach(() => dispose());

  it('records jobs, config key changes, secret reads, applies a retention set while running, and flushes at stop', async () => {
    const plugins = join(dir, 'no-plugins');
    await mkdir(plugins);
    const kernel = await startKernel({ ...kernelOptionsFor(join(dir, 'data')), configFile: join(dir, 'timelocker.json'), builtinPluginsDir: plugins, actor: 'cli:alice' });
    try {
      // An entry from two months ago, which the retention set below rotates out without a restart.
      const auditService = kernel.container.get(AuditServiceImpl);
      auditService.clock = () => new Date(Date.now() - 60 * 86_400_000);
      await auditService.record({ type: 'plan.added', severity: 'info', target: 'old-plan' });
      await auditService.flush();
      auditService.clock = () => new Date();
      expect(kernel.get(CredentialsService)).to.be.instanceOf(AuditingCredentialsService);
      expect(kernel.get(AuditService)).to.equal(kernel.container.get(AuditServiceImpl));
      process.env['TL_AUDIT_TEST_SECRET'] = 'hunter2-value';
      await kernel.get<CredentialsService>(CredentialsService).resolve('home/password', { env: 'TL_AUDIT_TEST_SECRET' });
      const jobs = kernel.get<JobService>(JobService);
      await jobs.run({ kind: 'check', repository: 'home' }, async () => ({}));
      await jobs.run({ kind: 'backup', repository: 'home', plan: 'daily' }, async () => { throw new Error('disk on fire'); });
      await kernel.get<ConfigService>(ConfigService).modify(['audit'], { retentionDays: 30 });
    } finally {
      delete process.env['TL_AUDIT_TEST_SECRET'];
      await kernel.stop();
    }

    const { audit, catalog } = newAudit(join(dir, 'data'), join(dir, 'timelocker.json'));
    try {
      const entries = await audit.list();
      const types = entries.map((e) => e.type);
      expect(types).to.include.members(['secret.read', 'check.started', 'check.succeeded', 'backup.started', 'backup.failed', 'config.changed']);
      const read = entries.find((e) => e.type === 'secret.read')!;
      expect(read).to.deep.include({ actor: 'cli:alice', target: 'home/password' });
      expect(read.details).to.deep.equal({ source: 'env' });
      const failed = entries.find((e) => e.type === 'backup.failed')!;
      expect(failed).to.deep.include({ severity: 'error', target: 'home' });
      expect(failed.details).to.deep.include({ plan: 'daily' });
      expect(String(failed.details['error'])).to.include('disk on fire');
      expect(entries.find((e) => e.type === 'config.changed')!.details).to.deep.include({ added: ['/audit/retentionDays'] });
      expect(entries.find((e) => e.type === 'audit.rotated')?.details).to.deep.include({ retentionDays: 30 });
      expect(entries.filter((e) => e.target === 'old-plan'), 'rotated out').to.deep.equal([]);
      expect(JSON.stringify(entries)).not.to.include('hunter2-value');
      expect((await audit.verify()).intact).to.equal(true);
    } finally {
      await catalog.close();
    }
  });
});
