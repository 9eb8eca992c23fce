import { ContainerModule } from 'inversify';
import { KernelContribution } from '../../common/kernel-contribution.js';
import { ConfigSchemaContribution, staticSchemaContribution } from '../config/config-schema-contribution.js';
import { metricsSchemaPart } from './metrics-schema.js';
import { MetricsService } from './metrics-service.js';
import { MetricsServiceImpl } from './metrics-service-impl.js';
import { StorageSampler } from './storage-sampler.js';
import { StorageSamplerContribution } from './storage-sampler-contribution.js';
import { StorageSamplerImpl } from './storage-sampler-impl.js';

export const metricsModule = new ContainerModule((options) => {
  options.bind(MetricsServiceImpl).toSelf().inSingletonScope();
  options.bind(MetricsService).toService(MetricsServiceImpl);
  options.bind(StorageSampler).to(StorageSamplerImpl).inSingletonScope();
  options.bind(StorageSamplerContribution).toSelf().inSingletonScope();
  options.bind(KernelContribution).toService(StorageSamplerContribution);
  options.bind(ConfigSchemaContribution).toConstantValue(staticSchemaContribution(metricsSchemaPart));
});
