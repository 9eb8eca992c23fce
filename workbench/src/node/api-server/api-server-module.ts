import { ContainerModule } from 'inversify';
import { bindContributionProvider } from '../../common/contribution-provider.js';
import { ApiEventStream } from './api-event-stream.js';
import { ApiRouteContribution } from './api-route-contribution.js';
import { ApiServer } from './api-server.js';
import { ApiServerImpl } from './api-server-impl.js';
import { BackgroundRuns } from './background-runs.js';
import { AuditRoutes } from './routes/audit-routes.js';
import { ConfigRoutes } from './routes/config-routes.js';
import { CopyRoutes } from './routes/copy-routes.js';
import { EventRoutes } from './routes/event-routes.js';
import { HookRoutes } from './routes/hook-routes.js';
import { FileRoutes } from './routes/file-routes.js';
import { JobRoutes } from './routes/job-routes.js';
import { MetricsRoutes } from './routes/metrics-routes.js';
import { ObservabilityRoutes } from './routes/observability-routes.js';
import { PlanRoutes } from './routes/plan-routes.js';
import { PluginManagementRoutes } from './routes/plugin-management-routes.js';
import { PluginRoutes } from './routes/plugin-routes.js';
import { PrivacyRoutes } from './routes/privacy-routes.js';
import { ReportRoutes } from './routes/report-routes.js';
import { RepositoryRoutes } from './routes/repository-routes.js';
import { ScheduleRoutes } from './routes/schedule-routes.js';
import { SecretRoutes } from './routes/secret-routes.js';
import { SnapshotExplorerRoutes } from './routes/snapshot-explorer-routes.js';
import { SnapshotRoutes } from './routes/snapshot-routes.js';
import { SystemRoutes } from './routes/system-routes.js';

/** The HTTP server; loaded by launchers that serve (`timelocker serve`, the desktop shell), not by every CLI command. */
export const apiServerModule = new ContainerModule((options) => {
  options.bind(ApiServerImpl).toSelf().inSingletonScope();
  options.bind(ApiServer).toService(ApiServerImpl);
  options.bind(ApiEventStream).toSelf().inSingletonScope();
  options.bind(BackgroundRuns).toSelf().inSingletonScope();
  bindContributionProvider(options, ApiRouteContribution);
  for (const routes of [SystemRoutes, RepositoryRoutes, PlanRoutes, SnapshotRoutes, JobRoutes, ConfigRoutes, PluginRoutes, AuditRoutes, EventRoutes]) {
    options.bind(ApiRouteContribution).to(routes).inSingletonScope();
  }
  options.bind(ApiRouteContribution).to(ReportRoutes).inSingletonScope();
  options.bind(ApiRouteContribution).to(MetricsRoutes).inSingletonScope();
  options.bind(ApiRouteContribution).to(ObservabilityRoutes).inSingletonScope();
  options.bind(ApiRouteContribution).to(ScheduleRoutes).inSingletonScope();
  options.bind(ApiRouteContribution).to(PrivacyRoutes).inSingletonScope();
  options.bind(ApiRouteContribution).to(SecretRoutes).inSingletonScope();
  options.bind(ApiRouteContribution).to(HookRoutes).inSingletonScope();
  options.bind(ApiRouteContribution).to(SnapshotExplorerRoutes).inSingletonScope();
  options.bind(ApiRouteContribution).to(FileRoutes).inSingletonScope();
  options.bind(ApiRouteContribution).to(CopyRoutes).inSingletonScope();
  options.bind(ApiRouteContribution).to(PluginManagementRoutes).inSingletonScope();
});
