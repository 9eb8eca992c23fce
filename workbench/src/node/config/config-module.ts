import { ContainerModule } from 'inversify';
import { ConfigService } from './config-service.js';
import { ConfigServiceImpl } from './config-service-impl.js';

export const configModule = new ContainerModule((options) => {
  options.bind(ConfigServiceImpl).toSelf().inSingletonScope();
  options.bind(ConfigService).toService(ConfigServiceImpl);
});
