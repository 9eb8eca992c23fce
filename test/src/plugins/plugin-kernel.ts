import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EventEmitter, type JobDto, type JobFilter, type PlanDto, type RepositoryDto, type SnapshotDto } from '@timelocker/plugin-api';
import { type Container, ContainerModule } from 'inversify';
import { AuditService } from '../../../workbench/dist/node/audit/audit-service.js';
import type { KernelOptions } from '../../../workbench/dist/node/core/kernel-options.js';
import { startKernel } from '../../../workbench/dist/node/kernel.js';
import { PluginHostOptions } from '../../../workbench/dist/node/plugins/plugin-host-options.js';
import { PluginService, type PluginStatus } from '../../../workbench/dist/node/plugins/plugin-service.js';
import { WorkspaceReader } from '../../../workbench/dist/node/plugins/workspace-reader.js';
import { makeTempDir, type TempDir } from '../support/temp-dir.js';

export const builtinPluginsDir = fileURLToPath(new URL('../../../builtin-plugins', import.meta.url));
const fixturesDir = fileURLToPath(new URL('../../fixtures/plugins', import.meta.url));

export function fixture(name: string): string {
  return join(fixturesDir, name);
}

/** A WorkspaceReader over fixed data, standing in for the operations feature. */
export class InMemoryWorkspace implements WorkspaceReader {
  readonly finished = new EventEmitter<JobDto>();
  readonly onDidFinishJob = this.finished.event;
  repositories: RepositoryDto[] = [{ name: 'home', backend: 'local', config: { path: '/srv/backup/home' } }];

  async getRepositories(): Promise<RepositoryDto[]> { return this.repositories; }
  async getPlans(): Promise<PlanDto[]> { return []; }
  async getSnapshots(_repository: string): Promise<SnapshotDto[]> { return []; }
  async getJobs(_filter?: JobFilter): Promise<JobDto[]> { return []; }
}

export interface TestKernel {
  readonly container: Container;
  readonly plugins: PluginService;
  readonly workspace: InMemoryWorkspace;
  readonly temp: TempDir;
  status(id: string): PluginStatus;
  dispose(): Promise<void>;
}

/**
 * The plugin feature on a real kernel container, with fixture plugins as extra plugin folders; `config` (given the
 * temp folder's path, for paths inside it) is written as timelocker.json first.
 */
export async function createTestKernel(fixtures: string[], hostOptions: PluginHostOptions = {}, config?: (dir: string) => object): Promise<TestKernel> {
  const temp = await makeTempDir('tl-plugins');
  await mkdir(join(temp.path, 'data'));
  if (config) await writeFile(join(temp.path, 'timelocker.json'), JSON.stringify(config(temp.path), null, 2));
  const options: KernelOptions = {
    configFile: join(temp.path, 'timelocker.json'),
    dataDir: join(temp.path, 'data'),
    builtinPluginsDir,
    extraPluginDirs: fixtures.map(fixture),
    actor: 'test',
  };
  const workspace = new InMemoryWorkspace();
  const doubles = new ContainerModule((bind) => {
    bind.bind(PluginHostOptions).toConstantValue(hostOptions);
    bind.rebind(WorkspaceReader).toConstantValue(workspace);
  });
  // Composed like every kernel, not started: each test starts (and stops) the plugin host itself.
  const kernel = await startKernel(options, { start: false, extraModules: [doubles] });
  const container = kernel.container;
  const plugins = container.get<PluginService>(PluginService);
  return {
    container, plugins, workspace, temp,
    status(id) {
      const found = plugins.listPlugins().find((p) => p.id === id);
      if (!found) throw new Error(`No plugin ${id}; known: ${plugins.listPlugins().map((p) => p.id).join(', ')}`);
      return found;
    },
    async dispose() {
      await plugins.stop();
      // Secret operations are audited: their entries are written before the folder goes.
      await container.get<AuditService>(AuditService).flush?.();
      await kernel.stop();
      await temp.remove();
    },
  };
}

/** The error `promise` rejects with; fails when it fulfils. */
export async function rejectionOf(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('Expected the call to fail, but it succeeded');
}
