import type { JsonValue, Logger } from '@timelocker/plugin-api';
import { $log, type PluginDescriptionDto, type PluginLogLevel } from '@timelocker/plugin-api/protocol';
import type { ExtContext } from './ext-context.js';
import { notify } from '../notify.js';

function format(message: string | Error, args: JsonValue[]): string {
  const text = message instanceof Error ? (message.stack ?? message.message) : message;
  return args.length === 0 ? text : `${text} ${args.map((a) => JSON.stringify(a)).join(' ')}`;
}

export function createLogger(plugin: PluginDescriptionDto, ctx: ExtContext): Logger {
  const log = (level: PluginLogLevel) => (message: string | Error, ...args: JsonValue[]) =>
    notify(ctx.rpc, $log, { pluginId: plugin.id, level, message: format(message, args) });
  return { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
}
