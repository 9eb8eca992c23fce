import { ContainerModule } from 'inversify';
import { KernelContribution } from '../../common/kernel-contribution.js';
import { LoggingConfigContribution } from './logging-config-contribution.js';

export const loggingModule = new ContainerModule((options) => {
  options.bind(KernelContribution).to(LoggingConfigContribution).inSingletonScope();
});
