import { TimeLockerError, type ErrorKind, type SecretStorage } from '@timelocker/plugin-api';
import { $secretsDelete, $secretsGet, $secretsStore, type PluginDescriptionDto } from '@timelocker/plugin-api/protocol';
import { ResponseError } from 'vscode-jsonrpc';
import type { ExtContext } from './ext-context.js';

export function createSecretStorage(plugin: PluginDescriptionDto, ctx: ExtContext): SecretStorage {
  const pluginId = plugin.id;
  return {
    get: async (key) => (await fromKernel(ctx.rpc.sendRequest($secretsGet, { pluginId, key }))) ?? undefined,
    store: (key, value) => fromKernel(ctx.rpc.sendRequest($secretsStore, { pluginId, key, value })),
    delete: (key) => fromKernel(ctx.rpc.sendRequest($secretsDelete, { pluginId, key })),
  };
}

/** The kernel's refusal (its `data` carries a kind, see SecretsMain) becomes the documented TimeLockerError. */
async function fromKernel<R>(request: Promise<R>): Promise<R> {
  try {
    return await request;
  } catch (error) {
    const kind = error instanceof ResponseError ? (error.data as { kind?: ErrorKind } | undefined)?.kind : undefined;
    throw kind === undefined ? error : new TimeLockerError(kind, (error as ResponseError<unknown>).message);
  }
}
