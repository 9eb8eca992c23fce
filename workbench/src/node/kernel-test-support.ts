import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Kernel, startKernel } from './kernel.js';
import { resolveKernelOptions } from './kernel-paths.js';
import { PluginService } from './plugins/plugin-service.js';

/** The temp dir of a describe block's kernel tests: config file `timelocker.json`, data dir `data`. */
export interface KernelTestDir {
  /** Set once the block's first `before` hook has run. */
  readonly path: string;
  /** A kernel on the dir's config and data, its plugins loading in the background; stopped after the test at the latest. */
  startKernel(actor?: string): Promise<Kernel>;
}

/**
 * Registers the hooks of a describe block whose tests start real kernels; call it first in the block. Before the
 * first test: a temp dir, and `env` (e.g. a repository password variable) set in this process. After each test:
 * every kernel the test started is stopped. After the last: the variables and the dir are removed.
 */
export function useKernelTestDir(prefix: string, env: Readonly<Record<string, string>>): KernelTestDir {
  let path: string | undefined;
  let running: Kernel[] = [];
  before(async () => {
    Object.assign(process.env, env);
    path = await mkdtemp(join(tmpdir(), prefix));
  });
  afterEach(async () => {
    const kernels = running;
    running = [];
    for (const kernel of kernels) await kernel.stop();
  });
  after(async () => {
    for (const name of Object.keys(env)) delete process.env[name];
    if (path) await rm(path, { recursive: true, force: true });
  });
  const dir = (): string => {
    if (!path) throw new Error('the kernel test dir exists from the first before hook on');
    return path;
  };
  return {
    get path(): string {
      return dir();
    },
    async startKernel(actor = 'test'): Promise<Kernel> {
      const kernel = await startKernel(resolveKernelOptions({ configFile: join(dir(), 'timelocker.json'), dataDir: join(dir(), 'data'), actor }));
      running.push(kernel);
      void kernel.get<PluginService>(PluginService).start().catch(() => undefined);
      return kernel;
    },
  };
}
