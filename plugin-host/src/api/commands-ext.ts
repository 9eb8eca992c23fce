import { type Disposable, type CommandsApi, type JsonValue } from '@timelocker/plugin-api';
import { $executeCommand, $executeHostCommand, $getCommands, type PluginDescriptionDto } from '@timelocker/plugin-api/protocol';
import { CancellationToken as RpcToken } from 'vscode-jsonrpc';
import type { ExtContext } from './ext-context.js';
import { callProvider } from './provider-call.js';
import type { ProviderEntry } from './provider-store.js';

type CommandHandler = (...args: JsonValue[]) => unknown;

/** Command results cross the wire as JSON; `undefined` becomes null. */
async function runCommand(entry: ProviderEntry<CommandHandler>, args: JsonValue[], token: RpcToken): Promise<JsonValue> {
  const result = await callProvider(entry, token, (handler) => handler(...args));
  return (result ?? null) as JsonValue;
}

export function createCommandsApi(plugin: PluginDescriptionDto, ctx: ExtContext): CommandsApi {
  return {
    register(id: string, handler: CommandHandler): Disposable {
      return ctx.store.register(plugin, 'commands', id, handler);
    },
    async execute<T>(id: string, ...args: JsonValue[]): Promise<T> {
      const local = ctx.store.find('commands', id) as ProviderEntry<CommandHandler> | undefined;
      if (local) return (await local.impl(...args)) as T;
      return (await ctx.rpc.sendRequest($executeCommand, { pluginId: plugin.id, id, args })) as T;
    },
    getCommands: () => ctx.rpc.sendRequest($getCommands, { pluginId: plugin.id }),
  };
}

export function registerCommandHandlers(ctx: ExtContext): void {
  ctx.rpc.onRequest($executeHostCommand, ({ handle, args }, token) =>
    runCommand(ctx.store.get<CommandHandler>(handle, 'commands'), args, token ?? RpcToken.None));
}
