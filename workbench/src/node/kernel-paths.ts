import { isAbsolute, join, resolve } from 'node:path';
import envPaths from 'env-paths';
import { builtinPluginsDir } from './core/install-layout.js';
import type { KernelOptions } from './core/kernel-options.js';
import type { LogFormat } from './core/log-service.js';

export interface KernelLocationOverrides {
  readonly configFile?: string;
  readonly dataDir?: string;
  readonly actor?: string;
  readonly extraPluginDirs?: readonly string[];
  readonly logFormat?: LogFormat;
}

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
    ...(overrides.logFormat && { logFormat: overrides.logFormat }),
  };
}
