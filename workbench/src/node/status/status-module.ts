import { ContainerModule } from 'inversify';
import { PlanStatusReader } from './plan-status-reader.js';
import { WorkbenchStatusService } from './workbench-status-service.js';
import { WorkbenchStatusServiceImpl } from './workbench-status-service-impl.js';

export const statusModule = new ContainerModule((options) => {
  options.bind(PlanStatusReader).toSelf().inSingletonScope();
  options.bind(WorkbenchStatusService).to(WorkbenchStatusServiceImpl).inSingletonScope();
});
