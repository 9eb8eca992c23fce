import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** The plugin folders of `dir` (subfolders holding a package.json), sorted. */
export function pluginFoldersIn(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(dir, entry.name, 'package.json')))
    .map((entry) => join(dir, entry.name))
    .sort();
}

/** Every plugin folder the kernel scans, in its order: builtin plugins, then user plugins, then extra folders. */
export function allPluginFolders(builtinDir: string, userDir: string, extraDirs: readonly string[]): Array<{ readonly dir: string; readonly builtin: boolean }> {
  return [
    ...pluginFoldersIn(builtinDir).map((dir) => ({ dir, builtin: true })),
    ...pluginFoldersIn(userDir).map((dir) => ({ dir, builtin: false })),
    ...extraDirs.map((dir) => ({ dir, builtin: false })),
  ];
}
