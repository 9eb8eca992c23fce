import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import envPaths from 'env-paths';
import type { KernelOptions } from './core/kernel-options.js';
import type { LogFormat } from './core/log-service.js';

export interface KernelLocationOverrides {
  readonly configFile?: string;
  readonly dataDir?: string;
  readonly actor?: string;
  readonly extraPluginDirs?: readonly string[];
  readonly logFormat?: LogFormat;
}

// Resolved through the package, not this file's location, so the bundled CLI finds the same folders.
const workbenchDir = dirname(createRequire(import.meta.url).resolve('@timelocker/workbench/package.json'));

/** Builtin plugins ship beside the workbench package in this repository layout. */
export const builtinPluginsDir = join(workbenchDir, '..', 'builtin-plugins');

/** The plugin host is spawned from its compiled entry, never imported. */
export const pluginHostEntry = join(workbenchDir, '..', 'plugin-host', 'dist', 'main.js');

/**
 * The packed `@timelocker/plugin-api` that `npm run build` puts into this installation (workbench/sdk): what new
 * plugins depend on, so that authoring needs nothing published. `undefined` when the build did not pack it.
 */
export function packedPluginApi(): string | undefined {
  const { version } = createRequire(import.meta.url)('@timelocker/plugin-api/package.json') as { version: string };
  const tarball = join(workbenchDir, 'sdk', `timelocker-plugin-api-${version}.tgz`);
  return existsSync(tarball) ? tarball : undefined;
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
