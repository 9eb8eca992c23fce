import { Container, type ContainerModule } from 'inversify';
import { ContainerToken, ContributionProvider } from '../common/contribution-provider.js';
import { KernelContribution } from '../common/kernel-contribution.js';
import { serveConfigModule } from './api-server/serve-config-module.js';
import { apiTokensModule } from './api-tokens/api-tokens-module.js';
import { auditModule } from './audit/audit-module.js';
import { auditSinksModule } from './audit-sinks/audit-sinks-module.js';
import { breakerModule } from './breaker/breaker-module.js';
import { catalogModule } from './catalog/catalog-module.js';
import { CatalogService } from './catalog/catalog-service.js';
import { configModule } from './config/config-module.js';
import { coreModule } from './core/core-module.js';
import { KernelOptions } from './core/kernel-options.js';
import { LogService } from './core/log-service.js';
import { ensurePrivateDataDir } from './core/private-data-dir.js';
import { copiesModule } from './copies/copies-module.js';
import { credentialsModule } from './credentials/credentials-module.js';
import { fileIndexModule } from './file-index/file-index-module.js';
import { hooksModule } from './hooks/hooks-module.js';
import { jobRequestsModule } from './job-requests/job-requests-module.js';
import { jobsModule } from './jobs/jobs-module.js';
import { loggingModule } from './logging/logging-module.js';
import { maintenanceModule } from './maintenance/maintenance-module.js';
import { runPhase } from './kernel-lifecycle.js';
import { metricsModule } from './metrics/metrics-module.js';
import { notificationsModule } from './notifications/notifications-module.js';
import { operationsModule } from './operations/operations-module.js';
import { pluginManagementModule } from './plugin-management/plugin-management-module.js';
import { pluginRequirementsModule } from './plugin-requirements/plugin-requirements-module.js';
import { pluginsModule } from './plugins/plugins-module.js';
import { privacyModule } from './privacy/privacy-module.js';
import { policiesModule } from './policies/policies-module.js';
import { reportsModule } from './reports/reports-module.js';
import { resticModule } from './restic/restic-module.js';
import { schedulerModule } from './scheduler/scheduler-module.js';
import { snapshotExplorerModule } from './snapshot-explorer/snapshot-explorer-module.js';
import { statusModule } from './status/status-module.js';
import { workbenchSocketModule } from './workbench-socket/workbench-socket-module.js';

export const kernelModules: readonly ContainerModule[] = [
  coreModule, configModule, loggingModule, catalogModule, credentialsModule, breakerModule, auditSinksModule, notificationsModule, pluginsModule, policiesModule, resticModule, jobsModule, hooksModule, operationsModule, snapshotExplorerModule, schedulerModule,
  pluginManagementModule, pluginRequirementsModule, metricsModule, reportsModule, maintenanceModule, apiTokensModule, fileIndexModule, copiesModule, statusModule, serveConfigModule,
  jobRequestsModule, workbenchSocketModule,
  // Last: its onStop flushes audit entries the other features' onStop may still record.
  auditModule, privacyModule,
];

export interface Kernel {
  readonly container: Container;
  get<T>(token: symbol): T;
  stop(): Promise<void>;
}

/** A kernel whose container is composed: `start` runs every feature's `initialize` and `onStart`, once. */
export interface ComposedKernel extends Kernel {
  start(): Promise<Kernel>;
}

/** What a kernel is composed of, the ONE way the CLI, the server and tests build one. */
export interface KernelComposition {
  /** Added after the kernel's own modules: the CLI's prompt, the server's API, a test's doubles. */
  readonly extraModules?: readonly ContainerModule[];
  /**
   * false: the container only, without any feature's `initialize` / `onStart` (no config load, no plugin host, no
   * watchers) — for reading plugin manifests, or the catalog when it may be damaged. Default true.
   */
  readonly start?: boolean;
}

/**
 * Builds the root container, for `start` later: the CLI settles the privacy notice with the catalog of the kernel its
 * command then starts (composing a second kernel for it cost a CLI backup ~40 ms before restic started).
 */
export async function composeKernel(options: KernelOptions, extraModules: readonly ContainerModule[] = []): Promise<ComposedKernel> {
  const container = new Container();
  container.bind(ContainerToken).toConstantValue(container);
  container.bind(KernelOptions).toConstantValue(options);
  await container.load(...kernelModules, ...extraModules);
  const contributions = container.get<ContributionProvider<KernelContribution>>(ContributionProvider, { name: KernelContribution });
  const logger = container.get<LogService>(LogService).getLogger('kernel');
  const wasOpen = await ensurePrivateDataDir(options.dataDir);
  if (wasOpen !== undefined) logger.info(`The data dir ${options.dataDir} could be read by other users (mode ${wasOpen.toString(8)}); it is now ${(wasOpen & 0o700).toString(8)}: it holds every file name of every snapshot and the job logs.`);
  let started: Promise<void> | undefined;
  let stopped: Promise<void> | undefined;
  const kernel: ComposedKernel = {
    container,
    get: <T>(token: symbol) => container.get<T>(token),
    start: async () => {
      started ??= (async () => {
        await runPhase(contributions, 'initialize', logger);
        await runPhase(contributions, 'onStart', logger);
      })();
      await started;
      return kernel;
    },
    stop: () => {
      stopped ??= (async () => {
        if (started) {
          await started;
          await runPhase(contributions, 'onStop', logger);
        }
        await container.get<CatalogService>(CatalogService).close();
      })();
      return stopped;
    },
  };
  return kernel;
}

/** Builds the root container, then (unless told not to) runs `initialize` and `onStart` of every KernelContribution. */
export async function startKernel(options: KernelOptions, composition: KernelComposition = {}): Promise<Kernel> {
  const kernel = await composeKernel(options, composition.extraModules);
  return (composition.start ?? true) ? kernel.start() : kernel;
}
