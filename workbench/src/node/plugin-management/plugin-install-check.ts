import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { listContributionPoints } from '@timelocker/plugin-api/manifest';
import { scanPluginFolder, type ScannedPlugin } from '../plugins/plugin-scanner.js';

export const API_PACKAGE = '@timelocker/plugin-api';

/** Runtime dependencies a plugin carries itself; the API package is supplied by TimeLocker. */
export function ownDependencies(dir: string): string[] {
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
  return Object.keys(manifest.dependencies ?? {}).filter((name) => name !== API_PACKAGE);
}

/** Contribution ids another installed plugin already owns (an upgrade of the same plugin may keep its own). */
function collisions(plugin: ScannedPlugin, installed: readonly ScannedPlugin[]): string[] {
  return listContributionPoints.flatMap((point) => (plugin.manifest?.contributes?.[point] ?? []).flatMap((entry) => {
    const owner = installed.find((p) => p.id !== plugin.id && (p.manifest?.contributes?.[point] ?? []).some((e) => e.id === entry.id));
    return owner ? [`contributes.${point}: ${entry.id} is already contributed by plugin ${owner.id} (two plugins cannot share an id)`] : [];
  }));
}

/**
 * Everything that would make the plugin fail once installed, checked on the source before anything is copied:
 * the manifest (base fields, engine range, every contribution entry), contribution ids another plugin owns, the main
 * module, and bundled dependencies.
 * The scan is the same one TimeLocker runs at startup, so install-time and load-time verdicts agree.
 */
export function checkPluginForInstall(dir: string, installed: readonly ScannedPlugin[]): { plugin: ScannedPlugin; problems: string[] } {
  const plugin = scanPluginFolder(dir, false);
  if (plugin.rejected) return { plugin, problems: [...plugin.messages] };
  const problems = [...plugin.messages, ...collisions(plugin, installed)];
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
