import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EventEmitter, type JobDto, type JobFilter, type PlanDto, type RepositoryDto, type SnapshotDto } from '@timelocker/plugin-api';
import { Container } from 'inversify';
import { ContainerToken } from '../../../workbench/dist/common/contribution-provider.js';
import { coreModule } from '../../../workbench/dist/node/core/core-module.js';
import { KernelOptions } from '../../../workbench/dist/node/core/kernel-options.js';
import { PluginHostOptions } from '../../../workbench/dist/node/plugins/plugin-host-options.js';
import { PluginService, type PluginStatus } from '../../../workbench/dist/node/plugins/plugin-service.js';
import { pluginsModule } from '../../../workbench/dist/node/plugins/plugins-module.js';
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

/** The plugin feature on a real kernel container, with fixture plugins as extra plugin folders. */
export async function createTestKernel(fixtures: string[], hostOptions: PluginHostOptions = {}): Promise<TestKernel> {
  const temp = await makeTempDir('tl-plugins');
  await mkdir(join(temp.path, 'data'));
  const container = new Container();
  container.bind(ContainerToken).toConstantValue(container);
  const options: KernelOptions = {
    configFile: join(temp.path, 'timelocker.json'),
    dataDir: join(temp.path, 'data'),
    builtinPluginsDir,
    extraPluginDirs: fixtures.map(fixture),
    actor: 'test',
  };
  container.bind(KernelOptions).toConstantValue(options);
  container.bind(PluginHostOptions).toConstantValue(hostOptions);
  const workspace = new InMemoryWorkspace();
  container.bind(WorkspaceReader).toConstantValue(workspace);
  await container.load(coreModule, pluginsModule);
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
