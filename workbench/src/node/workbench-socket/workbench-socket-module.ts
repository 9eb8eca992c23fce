import { ContainerModule } from 'inversify';
import { KernelContribution } from '../../common/kernel-contribution.js';
import { HandoverCheck } from './handover-check.js';
import { WorkbenchSocketContribution } from './workbench-socket-contribution.js';

export const workbenchSocketModule = new ContainerModule((options) => {
  options.bind(HandoverCheck).toSelf().inSingletonScope();
  options.bind(WorkbenchSocketContribution).toSelf().inSingletonScope();
  options.bind(KernelContribution).toService(WorkbenchSocketContribution);
});
