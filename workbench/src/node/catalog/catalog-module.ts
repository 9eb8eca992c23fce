import { ContainerModule } from 'inversify';
import { CatalogRecovery } from './catalog-recovery.js';
import { CatalogService } from './catalog-service.js';
import { CatalogServiceImpl } from './catalog-service-impl.js';
import { JobStore } from './job-store.js';
import { JobStoreImpl } from './job-store-impl.js';
import { SnapshotCache } from './snapshot-cache.js';
import { SnapshotCacheImpl } from './snapshot-cache-impl.js';

export const catalogModule = new ContainerModule((options) => {
  options.bind(CatalogServiceImpl).toSelf().inSingletonScope();
  options.bind(CatalogService).toService(CatalogServiceImpl);
  options.bind(CatalogRecovery).toSelf().inSingletonScope();
  options.bind(JobStoreImpl).toSelf().inSingletonScope();
  options.bind(JobStore).toService(JobStoreImpl);
  options.bind(SnapshotCacheImpl).toSelf().inSingletonScope();
  options.bind(SnapshotCache).toService(SnapshotCacheImpl);
});
