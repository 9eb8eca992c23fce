import { ContainerModule } from 'inversify';
import { WorkbenchStatusService } from './workbench-status-service.js';
import { WorkbenchStatusServiceImpl } from './workbench-status-service-impl.js';

export const statusModule = new ContainerModule((options) => {
  options.bind(WorkbenchStatusService).to(WorkbenchStatusServiceImpl).inSingletonScope();
});
