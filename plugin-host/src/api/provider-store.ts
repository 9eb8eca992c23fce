import { Disposable, PluginApiError } from '@timelocker/plugin-api';
import { qualifiedContributionId } from '@timelocker/plugin-api/manifest';
import type { MessageConnection } from 'vscode-jsonrpc';
import { $registerProvider, $unregisterProvider } from '@timelocker/plugin-api/protocol';
import type { PluginDescriptionDto, ProviderPoint } from '@timelocker/plugin-api/protocol';
import { notify } from '../notify.js';

export interface ProviderEntry<T = unknown> {
  readonly handle: number;
  readonly pluginId: string;
  readonly point: ProviderPoint;
  readonly id: string;
  readonly impl: T;
}

const pointNoun: Readonly<Record<ProviderPoint, string>> = {
  backends: 'backend', reportFormats: 'report format', policyRules: 'policy rule',
  notifiers: 'notifier', auditSinks: 'audit sink', commands: 'command', views: 'view data provider',
};

/** Every implementation plugins registered, by numeric handle; the kernel only ever sees handles. */
export class ProviderStore {
  private nextHandle = 1;
  private readonly entries = new Map<number, ProviderEntry>();

  /** `isLive` says whether a plugin may register now (it is activating or active, not failed or deactivated). */
  constructor(private readonly rpc: MessageConnection, private readonly isLive: (pluginId: string) => boolean) {}

  /** `id` as the manifest declares it, short or full; the kernel is told the full id (`publisher.name`). */
  register<T>(plugin: PluginDescriptionDto, point: ProviderPoint, declaredId: string, impl: T, capabilities: string[] = []): Disposable {
    const { publisher } = plugin.manifest;
    const id = qualifiedContributionId(publisher, declaredId);
    const declared = plugin.manifest.contributes?.[point]?.some((entry) => qualifiedContributionId(publisher, entry.id) === id) ?? false;
    if (!declared) {
      throw new PluginApiError(
        `${plugin.id} cannot register ${pointNoun[point]} "${declaredId}": its package.json does not declare it in contributes.${point}`,
      );
    }
    if (!this.isLive(plugin.id)) throw new PluginApiError(`${plugin.id} cannot register ${pointNoun[point]} "${declaredId}": the plugin is not active`);
    if (this.find(point, id)) throw new PluginApiError(`${plugin.id}: ${pointNoun[point]} "${id}" is already registered`);
    const entry: ProviderEntry = { handle: this.nextHandle++, pluginId: plugin.id, point, id, impl };
    this.entries.set(entry.handle, entry);
    notify(this.rpc, $registerProvider, { handle: entry.handle, pluginId: plugin.id, point, id, capabilities });
    return new Disposable(() => this.remove(entry.handle));
  }

  get<T>(handle: number, point: ProviderPoint): ProviderEntry<T> {
    const entry = this.entries.get(handle);
    if (!entry || entry.point !== point) throw new Error(`No ${pointNoun[point]} with handle ${handle}`);
    return entry as ProviderEntry<T>;
  }

  find(point: ProviderPoint, id: string): ProviderEntry | undefined {
    for (const entry of this.entries.values()) if (entry.point === point && entry.id === id) return entry;
    return undefined;
  }

  /** Drops what a plugin registered, e.g. after its activation failed half-way. */
  removePlugin(pluginId: string): void {
    for (const entry of [...this.entries.values()]) if (entry.pluginId === pluginId) this.remove(entry.handle);
  }

  private remove(handle: number): void {
    if (this.entries.delete(handle)) notify(this.rpc, $unregisterProvider, { handle });
  }
}
