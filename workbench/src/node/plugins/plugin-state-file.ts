import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../core/durable-files.js';

/** `<data-dir>/plugin-state.json`: which plugins the user disabled, and a revision bumped by every plugin change. */
export const PLUGIN_STATE_FILE = 'plugin-state.json';

export interface PluginStateFile {
  /** Bumped on install, uninstall, enable and disable, so other TimeLocker processes know to reload. */
  readonly revision: number;
  readonly disabled: readonly string[];
}

export function pluginStatePath(dataDir: string): string {
  return join(dataDir, PLUGIN_STATE_FILE);
}

/** A missing or unreadable file means nothing is disabled: a damaged file must never keep TimeLocker from starting. */
export function readPluginState(dataDir: string): PluginStateFile {
  const path = pluginStatePath(dataDir);
  if (!existsSync(path)) return { revision: 0, disabled: [] };
  try {
    const raw = JSON.parse(readFileSync(path, 'utf8')) as Partial<PluginStateFile>;
    return {
      revision: typeof raw.revision === 'number' ? raw.revision : 0,
      disabled: Array.isArray(raw.disabled) ? raw.disabled.filter((id): id is string => typeof id === 'string') : [],
    };
  } catch {
    return { revision: 0, disabled: [] };
  }
}

export function readDisabledPluginIds(dataDir: string): ReadonlySet<string> {
  return new Set(readPluginState(dataDir).disabled);
}

/** Replaces the file atomically with `disabled`, bumping the revision. */
export async function writePluginState(dataDir: string, disabled: readonly string[]): Promise<PluginStateFile> {
  const next: PluginStateFile = { revision: readPluginState(dataDir).revision + 1, disabled: [...new Set(disabled)].sort() };
  await writeFileAtomic(pluginStatePath(dataDir), `${JSON.stringify(next, null, 2)}\n`);
  return next;
}
