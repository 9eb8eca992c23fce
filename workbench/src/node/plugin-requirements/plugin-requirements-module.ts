import { ContainerModule } from 'inversify';
import { PluginRequirementsService } from './plugin-requirements-service.js';
import { PluginRequirementsServiceImpl } from './plugin-requirements-service-impl.js';

export const pluginRequirementsModule = new ContainerModule((options) => {
  options.bind(PluginRequirementsServiceImpl).toSelf().inSingletonScope();
  options.bind(PluginRequirementsService).toService(PluginRequirementsServiceImpl);
});
