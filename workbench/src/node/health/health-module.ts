import { ContainerModule } from 'inversify';
import { bindContributionProvider } from '../../common/contribution-provider.js';
import { HealthService } from './health-service.js';
import { HealthServiceImpl } from './health-service-impl.js';
import { ReadinessCheck } from './readiness-check.js';
import { CatalogReadiness, PluginHostReadiness, SchedulerReadiness } from './readiness-checks.js';

export const healthModule = new ContainerModule((options) => {
  bindContributionProvider(options, ReadinessCheck);
  options.bind(HealthService).to(HealthServiceImpl).inSingletonScope();
  for (const check of [CatalogReadiness, PluginHostReadiness, SchedulerReadiness]) options.bind(ReadinessCheck).to(check).inSingletonScope();
});
