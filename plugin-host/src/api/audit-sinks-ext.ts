import type { AuditSink, AuditSinksApi } from '@timelocker/plugin-api';
import { $deliverAuditEntries, type PluginDescriptionDto } from '@timelocker/plugin-api/protocol';
import type { ExtContext } from './ext-context.js';
import { callProvider } from './provider-call.js';

export function createAuditSinksApi(plugin: PluginDescriptionDto, ctx: ExtContext): AuditSinksApi {
  return { register: (id, sink) => ctx.store.register(plugin, 'auditSinks', id, sink) };
}

export function registerAuditSinkHandlers(ctx: ExtContext): void {
  ctx.rpc.onRequest($deliverAuditEntries, ({ handle, entries, config, secrets }, token) =>
    callProvider(ctx.store.get<AuditSink>(handle, 'auditSinks'), token, (sink, t) => sink.deliver(entries, config, secrets, t)));
}
