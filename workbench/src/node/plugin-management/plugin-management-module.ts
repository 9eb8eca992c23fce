import { ContainerModule } from 'inversify';
import { KernelContribution } from '../../common/kernel-contribution.js';
import { PluginManagementService } from './plugin-management-service.js';
import { PluginManagementServiceImpl } from './plugin-management-service-impl.js';
import { PluginStateWatcher } from './plugin-state-watcher.js';

export const pluginManagementModule = new ContainerModule((options) => {
  options.bind(PluginManagementServiceImpl).toSelf().inSingletonScope();
  options.bind(PluginManagementService).toService(PluginManagementServiceImpl);
  options.bind(PluginStateWatcher).toSelf().inSingletonScope();
  options.bind(KernelContribution).toService(PluginStateWatcher);
});
