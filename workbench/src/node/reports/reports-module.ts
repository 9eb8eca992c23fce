import { ContainerModule } from 'inversify';
import { ReportService } from './report-service.js';
import { ReportServiceImpl } from './report-service-impl.js';

export const reportsModule = new ContainerModule((options) => {
  options.bind(ReportServiceImpl).toSelf().inSingletonScope();
  options.bind(ReportService).toService(ReportServiceImpl);
});
