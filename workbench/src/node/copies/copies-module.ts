import { ContainerModule } from 'inversify';
import { ConfigValidationParticipant } from '../config/config-validation-participant.js';
import { AfterBackupStep } from '../maintenance/after-backup-step.js';
import { CopyAfterBackupStep } from './copy-after-backup-step.js';
import { CopyConfigParticipant } from './copy-config-participant.js';
import { CopyService } from './copy-service.js';
import { CopyServiceImpl } from './copy-service-impl.js';
import { ConfigSchemaContribution, staticSchemaContribution } from '../config/config-schema-contribution.js';
import { copySchemaPart } from './copy-schema.js';

export const copiesModule = new ContainerModule((options) => {
  options.bind(CopyService).to(CopyServiceImpl).inSingletonScope();
  options.bind(AfterBackupStep).to(CopyAfterBackupStep).inSingletonScope();
  options.bind(ConfigValidationParticipant).to(CopyConfigParticipant).inSingletonScope();
  options.bind(ConfigSchemaContribution).toConstantValue(staticSchemaContribution(copySchemaPart));
});
