import { ContainerModule } from 'inversify';
import { SnapshotExplorer } from './snapshot-explorer.js';
import { SnapshotExplorerImpl } from './snapshot-explorer-impl.js';

export const snapshotExplorerModule = new ContainerModule((options) => {
  options.bind(SnapshotExplorer).to(SnapshotExplorerImpl).inSingletonScope();
});
