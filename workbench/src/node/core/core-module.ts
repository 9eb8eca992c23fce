import { ContainerModule } from 'inversify';
import { bindContributionProvider } from '../../common/contribution-provider.js';
import { KernelContribution } from '../../common/kernel-contribution.js';
import { LogService } from './log-service.js';
import { LogServiceImpl } from './log-service-impl.js';

export const coreModule = new ContainerModule((options) => {
  options.bind(LogServiceImpl).toSelf().inSingletonScope();
  options.bind(LogService).toService(LogServiceImpl);
  bindContributionProvider(options, KernelContribution);
});
