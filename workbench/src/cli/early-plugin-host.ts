import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolveKernelOptions } from '../node/kernel-paths.js';
import { forkPluginHost } from '../node/plugins/plugin-host-fork.js';
import { workbenchSocketPath } from '../node/workbench-socket/workbench-socket-path.js';
import type { CommandEntry } from './command-manifest.js';
import { type GlobalOptions, kernelOverrides } from './global-options.js';
import { createRootProgram } from './root-program.js';
import { workbenchWanted } from './workbench-choice.js';

/**
 * A plugin host forked when the CLI starts, for a command line that will run a job in its own kernel: the host's
 * start (a second Node process loading its modules) then overlaps, on another core, with loading the CLI bundle and
 * starting the kernel, instead of following them. The kernel's plugin service adopts it (`take`); a command that
 * ends without adopting it (the job went to a running workbench, an error came first) ends it with `discard`.
 */
export interface EarlyPluginHost {
  /** The host process's pid. */
  readonly pid: number | undefined;
  /** The host process, once. */
  take(): ChildProcess | undefined;
  /** Ends the host unless it was taken; lets the CLI process exit either way. */
  discard(): void;
}

/**
 * Forks the plugin host for a command that starts a job when that job will run here: no workbench socket in the
 * data dir (or `--no-workbench`), no `--help`, no `--inspect-plugins` (its host gets the inspector flags). A wrong
 * guess costs a host process that is ended unused, never a different result.
 */
export function forkEarlyPluginHost(command: CommandEntry | undefined, argv: readonly string[]): EarlyPluginHost | undefined {
  if (!command?.startsJobs || argv.some((word) => word === '--help' || word === '-h' || word.startsWith('--inspect-plugins'))) return undefined;
  if (workbenchWanted(!argv.includes('--no-workbench')) && existsSync(workbenchSocketPath(dataDirOf(argv)))) return undefined;
  let child: ChildProcess | undefined = forkPluginHost();
  return {
    pid: child.pid,
    take() {
      const taken = child;
      child = undefined;
      return taken;
    },
    discard() {
      if (!child) return;
      // The host leaves when its channel closes; the signal ends it even before it listens.
      child.kill('SIGTERM');
      if (child.connected) child.disconnect();
      child.stdout?.destroy();
      child.stderr?.destroy();
      child.unref();
      child = undefined;
    },
  };
}

/** The data dir the kernel will use: the root program's global flags as commander reads them, else its defaults. */
function dataDirOf(argv: readonly string[]): string {
  const silent = (): void => undefined;
  const program = createRootProgram().exitOverride().configureOutput({ writeOut: silent, writeErr: silent });
  try {
    program.parseOptions([...argv]);
  } catch {
    // A usage error in the global flags: the command reports it; the guess only decides about an early host.
  }
  return resolveKernelOptions(kernelOverrides(program.opts<GlobalOptions>())).dataDir;
}
