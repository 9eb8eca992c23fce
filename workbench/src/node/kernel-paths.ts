import { isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import envPaths from 'env-paths';
import type { KernelOptions } from './core/kernel-options.js';

export interface KernelLocationOverrides {
  readonly configFile?: string;
  readonly dataDir?: string;
  readonly actor?: string;
  readonly extraPluginDirs?: readonly string[];
}

/** Builtin plugins ship beside the workbench package in this repository layout. */
export const builtinPluginsDir = fileURLToPath(new URL('../../../builtin-plugins/', import.meta.url));

/** Flags win over TIMELOCKER_CONFIG / TIMELOCKER_DATA_DIR, which win over the XDG defaults. */
export function resolveKernelOptions(overrides: KernelLocationOverrides = {}): KernelOptions {
  const xdg = envPaths('timelocker', { suffix: '' });
  const absolute = (p: string): string => (isAbsolute(p) ? p : resolve(p));
  return {
    configFile: absolute(overrides.configFile ?? process.env['TIMELOCKER_CONFIG'] ?? join(xdg.config, 'timelocker.json')),
    dataDir: absolute(overrides.dataDir ?? process.env['TIMELOCKER_DATA_DIR'] ?? xdg.data),
    builtinPluginsDir,
    extraPluginDirs: overrides.extraPluginDirs ?? [],
    actor: overrides.actor ?? `cli:${process.env['USER'] ?? process.env['LOGNAME'] ?? 'unknown'}`,
  };
}
