import { ContainerModule } from 'inversify';
import { WorkspaceReader } from '../plugins/workspace-reader.js';
import { BackupService } from './backup-service.js';
import { BackupServiceImpl } from './backup-service-impl.js';
import { PlanService } from './plan-service.js';
import { PlanServiceImpl } from './plan-service-impl.js';
import { RepositoryService } from './repository-service.js';
import { RepositoryServiceImpl } from './repository-service-impl.js';
import { RestoreService } from './restore-service.js';
import { RestoreServiceImpl } from './restore-service-impl.js';
import { SnapshotService } from './snapshot-service.js';
import { SnapshotServiceImpl } from './snapshot-service-impl.js';
import { TreeListingCache } from './tree-listing-cache.js';
import { TreeListingCacheImpl } from './tree-listing-cache-impl.js';
import { TargetResolver } from './target-resolver.js';
import { TargetResolverImpl } from './target-resolver-impl.js';
import { WorkspaceReaderImpl } from './workspace-reader-impl.js';

export const operationsModule = new ContainerModule((options) => {
  options.bind(TargetResolver).to(TargetResolverImpl).inSingletonScope();
  options.bind(RepositoryService).to(RepositoryServiceImpl).inSingletonScope();
  options.bind(PlanService).to(PlanServiceImpl).inSingletonScope();
  options.bind(SnapshotService).to(SnapshotServiceImpl).inSingletonScope();
  options.bind(TreeListingCache).to(TreeListingCacheImpl).inSingletonScope();
  options.bind(BackupService).to(BackupServiceImpl).inSingletonScope();
  options.bind(RestoreService).to(RestoreServiceImpl).inSingletonScope();
  options.bind(WorkspaceReader).to(WorkspaceReaderImpl).inSingletonScope();
});
