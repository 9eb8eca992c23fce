import { ContainerModule } from 'inversify';
import { KernelContribution } from '../../common/kernel-contribution.js';
import { LoggingConfigContribution } from './logging-config-contribution.js';
import { ConfigSchemaContribution, staticSchemaContribution } from '../config/config-schema-contribution.js';
import { loggingSchemaPart } from './logging-schema.js';

export const loggingModule = new ContainerModule((options) => {
  options.bind(KernelContribution).to(LoggingConfigContribution).inSingletonScope();
  options.bind(ConfigSchemaContribution).toConstantValue(staticSchemaContribution(loggingSchemaPart));
});
