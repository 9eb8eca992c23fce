import { ContainerModule } from 'inversify';
import { bindContributionProvider } from '../../common/contribution-provider.js';
import { KernelContribution } from '../../common/kernel-contribution.js';
import { ConfigChangeParticipant } from './config-change-participant.js';
import { ConfigValidationParticipant } from './config-validation-participant.js';
import { ConfigService } from './config-service.js';
import { ConfigServiceImpl } from './config-service-impl.js';
import { ConfigWatchContribution } from './config-watch-contribution.js';
import { PlanReferenceContribution } from './plan-reference-contribution.js';
import { baseSchemaPart } from './base-schema.js';
import { ConfigSchemaContribution, staticSchemaContribution } from './config-schema-contribution.js';

export const configModule = new ContainerModule((options) => {
  options.bind(ConfigServiceImpl).toSelf().inSingletonScope();
  options.bind(ConfigService).toService(ConfigServiceImpl);
  bindContributionProvider(options, ConfigValidationParticipant);
  bindContributionProvider(options, ConfigChangeParticipant);
  bindContributionProvider(options, PlanReferenceContribution);
  options.bind(ConfigWatchContribution).toSelf().inSingletonScope();
  options.bind(KernelContribution).toService(ConfigWatchContribution);
  bindContributionProvider(options, ConfigSchemaContribution);
  options.bind(ConfigSchemaContribution).toConstantValue(staticSchemaContribution(baseSchemaPart));
});
