import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { scanPluginFolder, type ScannedPlugin } from '../plugins/plugin-scanner.js';

export const API_PACKAGE = '@timelocker/plugin-api';

/** Runtime dependencies a plugin carries itself; the API package is supplied by TimeLocker. */
export function ownDependencies(dir: string): string[] {
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
  return Object.keys(manifest.dependencies ?? {}).filter((name) => name !== API_PACKAGE);
}

/**
 * Everything that would make the plugin fail once installed, checked on the source before anything is copied:
 * the manifest (base fields, engine range, every contribution entry), the main module, and bundled dependencies.
 * The scan is the same one TimeLocker runs at startup, so install-time and load-time verdicts agree.
 */
export function checkPluginForInstall(dir: string): { plugin: ScannedPlugin; problems: string[] } {
  const plugin = scanPluginFolder(dir, false);
  if (plugin.rejected) return { plugin, problems: [...plugin.messages] };
  const problems = [...plugin.messages];
  if (plugin.main && !existsSync(plugin.main)) {
    problems.push(`main module ${plugin.manifest?.main} does not exist (build the plugin before packing or installing it)`);
  }
  for (const name of ownDependencies(dir)) {
    if (!existsSync(join(dir, 'node_modules', name, 'package.json'))) {
      problems.push(`dependency ${name} is not bundled: list it in bundleDependencies (or bundle the code) so the plugin runs without npm`);
    }
  }
  return { plugin, problems };
}
