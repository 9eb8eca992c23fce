import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { configHash } from '../config/config-hash.js';
import { type KernelOptions, userPluginsDir } from '../core/kernel-options.js';
import { allPluginFolders } from '../plugins/plugin-folders.js';
import { readDisabledPluginIds } from '../plugins/plugin-state-file.js';

/**
 * `publisher.name@version` as the plugin's manifest is written, `!disabled` when the user disabled it. Not validated
 * (no ajv): the fingerprint only has to change whenever the plugin does.
 */
function pluginEntry(dir: string, disabled: ReadonlySet<string>): string {
  try {
    const { publisher, name, version } = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Record<string, unknown>;
    const id = `${String(publisher)}.${String(name)}`;
    return `${id}@${String(version)}${disabled.has(id) ? '!disabled' : ''}`;
  } catch {
    return `unreadable:${dir}`;
  }
}

/**
 * What resolving a repository depends on: the config file's exact text and the plugins installed (which of them
 * disabled). The kernel records it with the snapshot cache's source; the kernel and the CLI's kernel-less listing
 * (cli/catalog-listing-main.ts) trust the cache only while it is unchanged. A few small file reads.
 */
export function snapshotSourceFingerprint(options: Pick<KernelOptions, 'dataDir' | 'builtinPluginsDir' | 'extraPluginDirs'>, configText: string): string {
  const disabled = readDisabledPluginIds(options.dataDir);
  const plugins = allPluginFolders(options.builtinPluginsDir, userPluginsDir(options), options.extraPluginDirs)
    .map(({ dir }) => pluginEntry(dir, disabled))
    .sort();
  return createHash('sha256').update(JSON.stringify([configHash(configText), plugins])).digest('base64url');
}
