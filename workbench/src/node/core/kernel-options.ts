import type { LogFormat } from './log-service.js';

/** Where this kernel instance keeps its state; resolved once by the launcher (CLI, server, tests). */
export const KernelOptions = Symbol('KernelOptions');

export interface KernelOptions {
  /** Absolute path of timelocker.json (may not exist yet). */
  readonly configFile: string;
  /** Absolute data dir: catalog, logs, user plugins, known_hosts. */
  readonly dataDir: string;
  /** Folder whose subfolders are builtin plugins. */
  readonly builtinPluginsDir: string;
  /** Extra plugin folders (tests add fixture plugins here). */
  readonly extraPluginDirs: readonly string[];
  /** Who acts: `cli:<user>`, `api:<token>`, `scheduler`. */
  readonly actor: string;
  /** A server or daemon rather than one CLI command: background work such as the scheduler starts with the kernel. */
  readonly longLived?: boolean;
  /** `--log-format`: wins over `logging.format` in the config (default text). */
  readonly logFormat?: LogFormat;
}

export function userPluginsDir(options: Pick<KernelOptions, 'dataDir'>): string {
  return `${options.dataDir}/plugins`;
}
