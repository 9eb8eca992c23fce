import { ContainerModule } from 'inversify';
import { ConfigValidationParticipant } from '../config/config-validation-participant.js';
import { PolicyConfigParticipant } from './policy-config-participant.js';
import { PolicyService } from './policy-service.js';
import { PolicyServiceImpl } from './policy-service-impl.js';
import { bindContributedConfigSchema } from '../plugins/contributed-config-schema.js';
import { policiesSchemaPart } from './policies-schema.js';

export const policiesModule = new ContainerModule((options) => {
  options.bind(PolicyService).to(PolicyServiceImpl).inSingletonScope();
  options.bind(ConfigValidationParticipant).to(PolicyConfigParticipant).inSingletonScope();
  bindContributedConfigSchema(options, (registry) => policiesSchemaPart(registry.get('policyRules')));
});
