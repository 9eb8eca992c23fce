import { sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { PluginDescriptionDto } from '@timelocker/plugin-api/protocol';

/** Attributes code to a plugin by matching stack frames against plugin folders (paths and file URLs). */
export class PluginLocator {
  private roots: Array<{ pluginId: string; prefixes: string[] }> = [];

  setPlugins(plugins: readonly PluginDescriptionDto[]): void {
    this.roots = plugins.map((p) => ({
      pluginId: p.id,
      prefixes: [p.path.endsWith(sep) ? p.path : p.path + sep, `${pathToFileURL(p.path).href}/`],
    }));
  }

  /** The plugin owning the innermost stack frame that lies in a plugin folder. */
  fromStack(stack: string | undefined): string | undefined {
    for (const line of (stack ?? '').split('\n').slice(1)) {
      const root = this.roots.find((r) => r.prefixes.some((prefix) => line.includes(prefix)));
      if (root) return root.pluginId;
    }
    return undefined;
  }

  fromError(error: unknown): string | undefined {
    return error instanceof Error ? this.fromStack(error.stack) : undefined;
  }
}
