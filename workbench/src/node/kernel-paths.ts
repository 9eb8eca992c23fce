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
 * Who runs this process, for the audit log: the account of its uid (USER and LOGNAME are unset under cron, in
 * containers and services, and anyone can set them); those variables only where the uid has no account name.
 */
function osUserName(): string {
  try {
    return userInfo().username;
  } catch {
    return process.env['USER'] ?? process.env['LOGNAME'] ?? `uid ${process.getuid?.() ?? 'unknown'}`;
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
