import { realpathSync } from 'node:fs';
import { createRequire, register } from 'node:module';
import { pathToFileURL } from 'node:url';
import type { PluginModule } from '@timelocker/plugin-api';
import type { PluginDescriptionDto } from '@timelocker/plugin-api/protocol';
import { GENERATION_PARAM, ROOT_PARAM } from './module-reload-hooks.js';

const require = createRequire(import.meta.url);

/**
 * Imports plugin main modules. A plugin whose files changed since this host imported them (an upgrade, a rebuild)
 * is imported under a fresh URL so its new code runs; an unchanged one keeps its loaded module.
 */
export class PluginModuleLoader {
  private readonly loaded = new Map<string, { readonly revision: string; readonly url: string }>();
  private generation = 0;
  private hooksRegistered = false;

  async load(plugin: PluginDescriptionDto & { readonly main: string }): Promise<Partial<PluginModule>> {
    const revision = plugin.revision ?? '';
    const previous = this.loaded.get(plugin.main);
    const url = previous === undefined ? pathToFileURL(plugin.main).href
      : previous.revision === revision ? previous.url
        : this.freshUrl(plugin);
    this.loaded.set(plugin.main, { revision, url });
    return (await import(url)) as Partial<PluginModule>;
  }

  private freshUrl(plugin: PluginDescriptionDto & { readonly main: string }): string {
    if (!this.hooksRegistered) {
      register(new URL('./module-reload-hooks.js', import.meta.url));
      this.hooksRegistered = true;
    }
    const root = realpathSync(plugin.path);
    // CommonJS modules are cached by file name, not URL.
    for (const file of Object.keys(require.cache)) if (file.startsWith(`${root}/`)) delete require.cache[file];
    const query = new URLSearchParams({ [GENERATION_PARAM]: String(++this.generation), [ROOT_PARAM]: `${pathToFileURL(root).href}/` });
    return `${pathToFileURL(plugin.main).href}?${query}`;
  }
}
