import { ContainerModule } from 'inversify';
import { bindContributionProvider } from '../../common/contribution-provider.js';
import { ConfigValidationParticipant } from './config-validation-participant.js';
import { ConfigService } from './config-service.js';
import { ConfigServiceImpl } from './config-service-impl.js';

export const configModule = new ContainerModule((options) => {
  options.bind(ConfigServiceImpl).toSelf().inSingletonScope();
  options.bind(ConfigService).toService(ConfigServiceImpl);
  bindContributionProvider(options, ConfigValidationParticipant);
});
