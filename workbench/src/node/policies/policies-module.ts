import { ContainerModule } from 'inversify';
import { ConfigValidationParticipant } from '../config/config-validation-participant.js';
import { PolicyConfigParticipant } from './policy-config-participant.js';
import { PolicyService } from './policy-service.js';
import { PolicyServiceImpl } from './policy-service-impl.js';

export const policiesModule = new ContainerModule((options) => {
  options.bind(PolicyService).to(PolicyServiceImpl).inSingletonScope();
  options.bind(ConfigValidationParticipant).to(PolicyConfigParticipant).inSingletonScope();
});
