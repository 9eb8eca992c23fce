import { expect } from 'chai';
import { Container } from 'inversify';
import { coreModule } from '../core/core-module.js';
import { KernelOptions } from '../core/kernel-options.js';
import { catalogModule } from './catalog-module.js';
import { CatalogService } from './catalog-service.js';
import { kernelOptionsFor, tempDataDir } from './catalog-test-support.js';
import { JobStore } from './job-store.js';
import { SnapshotCache } from './snapshot-cache.js';

describe('catalogModule', () => {
  it('binds one catalog shared by the job store and the snapshot cache', async () => {
    const data = await tempDataDir();
    const container = new Container();
    container.bind(KernelOptions).toConstantValue(kernelOptionsFor(data.dir));
    await container.load(coreModule, catalogModule);
    const catalog = container.get<CatalogService>(CatalogService);
    try {
      expect(container.get(CatalogService)).to.equal(catalog);
      const { job } = await container.get<JobStore>(JobStore).create({ kind: 'init', repository: 'r' });
      await container.get<SnapshotCache>(SnapshotCache).replace('r', []);
      expect(await catalog.read((db) => db.exec('SELECT id FROM jobs')[0]?.values)).to.deep.equal([[job.id]]);
    } finally {
      await catalog.close();
      await data.dispose();
    }
  });
});
