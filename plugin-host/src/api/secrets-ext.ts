import type { SecretStorage } from '@timelocker/plugin-api';
import { $secretsDelete, $secretsGet, $secretsStore, type PluginDescriptionDto } from '@timelocker/plugin-api/protocol';
import type { ExtContext } from './ext-context.js';

export function createSecretStorage(plugin: PluginDescriptionDto, ctx: ExtContext): SecretStorage {
  const pluginId = plugin.id;
  return {
    get: async (key) => (await ctx.rpc.sendRequest($secretsGet, { pluginId, key })) ?? undefined,
    store: (key, value) => ctx.rpc.sendRequest($secretsStore, { pluginId, key, value }),
    delete: (key) => ctx.rpc.sendRequest($secretsDelete, { pluginId, key }),
  };
}
