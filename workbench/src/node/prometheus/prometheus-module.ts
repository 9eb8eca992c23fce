import { ContainerModule } from 'inversify';
import { bindContributionProvider } from '../../common/contribution-provider.js';
import { AuditSinkMetrics } from './audit-sink-metrics.js';
import { BackupMetrics } from './backup-metrics.js';
import { HealthMetrics } from './health-metrics.js';
import { PrometheusContribution } from './prometheus-contribution.js';
import { PrometheusService } from './prometheus-service.js';
import { PrometheusServiceImpl } from './prometheus-service-impl.js';
import { RepositoryMetrics } from './repository-metrics.js';

export const prometheusModule = new ContainerModule((options) => {
  bindContributionProvider(options, PrometheusContribution);
  options.bind(PrometheusService).to(PrometheusServiceImpl).inSingletonScope();
  for (const metrics of [BackupMetrics, RepositoryMetrics, HealthMetrics, AuditSinkMetrics]) options.bind(PrometheusContribution).to(metrics).inSingletonScope();
});
