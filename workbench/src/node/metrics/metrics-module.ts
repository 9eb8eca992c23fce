import { ContainerModule } from 'inversify';
import { MetricsService } from './metrics-service.js';
import { MetricsServiceImpl } from './metrics-service-impl.js';
import { PlanStatusReader } from './plan-status-reader.js';

export const metricsModule = new ContainerModule((options) => {
  options.bind(MetricsServiceImpl).toSelf().inSingletonScope();
  options.bind(MetricsService).toService(MetricsServiceImpl);
  options.bind(PlanStatusReader).toSelf().inSingletonScope();
});
