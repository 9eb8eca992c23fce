import { CancellationError, CancellationTokenSource, type CancellationToken, type ErrorKind } from '@timelocker/plugin-api';
import { PROVIDER_FAILED, REQUEST_CANCELLED, type ProviderErrorData } from '@timelocker/plugin-api/protocol';
import { ResponseError, type CancellationToken as RpcToken } from 'vscode-jsonrpc';
import { toError } from '../errors.js';
import type { ProviderEntry } from './provider-store.js';

/**
 * Runs plugin code for a kernel request: the wire token becomes an API token, and whatever the plugin
 * throws becomes an error response naming the plugin, so a faulty provider never disturbs the host.
 */
export async function callProvider<T, R>(
  entry: ProviderEntry<T>,
  rpcToken: RpcToken,
  call: (impl: T, token: CancellationToken) => R | PromiseLike<R>,
): Promise<R> {
  const source = new CancellationTokenSource();
  const subscription = rpcToken.onCancellationRequested(() => source.cancel());
  if (rpcToken.isCancellationRequested) source.cancel();
  try {
    return await call(entry.impl, source.token);
  } catch (thrown) {
    const error = toError(thrown);
    // A plugin may bundle its own copy of the API package, so its TimeLockerError is recognised by shape.
    const kind = (error as { kind?: unknown }).kind;
    const data: ProviderErrorData = { pluginId: entry.pluginId, name: error.name, ...(typeof kind === 'string' ? { kind: kind as ErrorKind } : {}) };
    const cancelled = error instanceof CancellationError || error.name === 'CancellationError';
    throw new ResponseError(cancelled ? REQUEST_CANCELLED : PROVIDER_FAILED, error.message, data);
  } finally {
    subscription.dispose();
    source.dispose();
  }
}
