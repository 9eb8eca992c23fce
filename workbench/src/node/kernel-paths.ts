import { userInfo } from 'node:os';
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

/**
 * Who runs this process, for the audit log: the login name the session gives (USER, LOGNAME), else the account of
 * its uid — under cron, in containers and services neither variable is set.
 */
function osUserName(): string {
  const named = process.env['USER'] ?? process.env['LOGNAME'];
  if (named) return named;
  try {
    return userInfo().username;
  } catch {
    return `uid ${process.getuid?.() ?? 'unknown'}`;
  }
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
    actor: overrides.actor ?? `cli:${osUserName()}`,
    ...(overrides.logFormat && { logFormat: overrides.logFormat }),
  };
}
