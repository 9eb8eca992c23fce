import type { WindowApi } from '@timelocker/plugin-api';
import { $showMessage, type PluginDescriptionDto } from '@timelocker/plugin-api/protocol';
import type { ExtContext } from './ext-context.js';

export function createWindowApi(plugin: PluginDescriptionDto, ctx: ExtContext): WindowApi {
  return { showMessage: (severity, message) => ctx.rpc.sendRequest($showMessage, { pluginId: plugin.id, severity, message }) };
}
