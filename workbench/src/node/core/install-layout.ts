import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/*
 * Where this installation keeps its parts. Resolved through the package, not this file's location, so the bundled
 * CLI finds the same folders.
 */

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
