import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { STARTUP_FINISHED } from '@timelocker/plugin-api/manifest';
import type { ContainerModule } from 'inversify';
import { ApiTokenService, type CreatedApiToken } from './api-tokens/api-token-service.js';
import { LaunchLinks } from './api-tokens/launch-links.js';
import type { KernelOptions } from './core/kernel-options.js';
import { LogService } from './core/log-service.js';
import { healthModule } from './health/health-module.js';
import { type Kernel, startKernel } from './kernel.js';
import { PluginService } from './plugins/plugin-service.js';
import { prometheusModule } from './prometheus/prometheus-module.js';
import { SchedulerService } from './scheduler/scheduler-service.js';
import { ApiServer, type ApiServerAddress, type ApiServerOptions } from './api-server/api-server.js';
import { apiServerModule } from './api-server/api-server-module.js';
import { JobService } from './jobs/job-service.js';
import { BackgroundRuns } from './api-server/background-runs.js';

/** The UI bundle esbuild writes beside the compiled kernel. */
export const browserBundleDir = join(dirname(createRequire(import.meta.url).resolve('@timelocker/workbench/package.json')), 'dist', 'browser');

export interface WorkbenchServer {
  readonly kernel: Kernel;
  readonly address: ApiServerAddress;
  /** An admin token that lives as long as this process; never stored. */
  readonly sessionToken: CreatedApiToken;
  /** The UI's address with the session token, for the launcher to open. */
  readonly openUrl: string;
  /** A one-time address (60 s) that opens the UI signed in, for a browser started with it: its command line is public. */
  launchUrl(): string;
  /** Jobs this server runs (for API clients, the scheduler, recovery) that are still running. */
  runningJobs(): string[];
  /** `cancelJobs`: stop running jobs with SIGINT (default); otherwise wait for them to finish. */
  stop(options?: { readonly cancelJobs?: boolean }): Promise<void>;
}

/** A long-lived kernel: plugin host, `onStartupFinished` plugins, the scheduler, and the API server on top. */
export async function startWorkbenchServer(kernelOptions: KernelOptions, serverOptions: ApiServerOptions = {}, extraModules: readonly ContainerModule[] = []): Promise<WorkbenchServer> {
  const kernel = await startKernel({ ...kernelOptions, longLived: true }, { extraModules: [apiServerModule, healthModule, prometheusModule, ...extraModules] });
  const logger = kernel.get<LogService>(LogService).getLogger('workbench');
  try {
    const plugins = kernel.get<PluginService>(PluginService);
    await plugins.start();
    void plugins.activateByEvent(STARTUP_FINISHED).catch((error: unknown) => logger.warn(`onStartupFinished activation: ${(error as Error).message}`));
    const scheduler = kernel.container.isBound(SchedulerService) ? kernel.get<SchedulerService>(SchedulerService) : undefined;
    await scheduler?.startScheduling();
    const server = kernel.get<ApiServer>(ApiServer);
    const address = await server.start({ staticDir: browserBundleDir, ...serverOptions });
    const sessionToken = kernel.get<ApiTokenService>(ApiTokenService).createSessionToken('admin');
    const jobs = kernel.get<JobService>(JobService);
    const runs = kernel.container.get(BackgroundRuns);
    let stopped: Promise<void> | undefined;
    return {
      kernel, address, sessionToken,
      openUrl: `${address.url}?token=${encodeURIComponent(sessionToken.token)}`,
      launchUrl: () => new URL(kernel.get<LaunchLinks>(LaunchLinks).issue(sessionToken.token), address.url).href,
      runningJobs: () => [...jobs.runningJobIds],
      stop: (options = {}) => {
        stopped ??= (async () => {
          await scheduler?.stopScheduling();
          await jobs.drain(options.cancelJobs ?? true);
          await runs.drain();
          await server.stop();
          await kernel.stop();
        })();
        return stopped;
      },
    };
  } catch (error) {
    await kernel.stop();
    throw error;
  }
}
