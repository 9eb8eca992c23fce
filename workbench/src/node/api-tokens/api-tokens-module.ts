import { ContainerModule } from 'inversify';
import { ApiTokenService } from './api-token-service.js';
import { ApiTokenServiceImpl } from './api-token-service-impl.js';
import { LaunchLinks, LaunchLinksImpl } from './launch-links.js';

export const apiTokensModule = new ContainerModule((options) => {
  options.bind(ApiTokenService).to(ApiTokenServiceImpl).inSingletonScope();
  options.bind(LaunchLinks).to(LaunchLinksImpl).inSingletonScope();
});
