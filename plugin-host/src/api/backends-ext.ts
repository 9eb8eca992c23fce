import type { BackendProvider, BackendsApi, CancellationToken, JsonObject, ValidationIssue } from '@timelocker/plugin-api';
import {
  $provideBackendResolve, $provideBackendTestConnection, $provideBackendValidate, type PluginDescriptionDto,
} from '@timelocker/plugin-api/protocol';
import type { ExtContext } from './ext-context.js';
import { callProvider } from './provider-call.js';

export function createBackendsApi(plugin: PluginDescriptionDto, ctx: ExtContext): BackendsApi {
  return {
    register(id: string, provider: BackendProvider) {
      const capabilities = (['validate', 'testConnection'] as const).filter((m) => typeof provider[m] === 'function');
      return ctx.store.register(plugin, 'backends', id, provider, [...capabilities]);
    },
  };
}

export function registerBackendHandlers(ctx: ExtContext): void {
  const issuesOf = async (provider: BackendProvider, config: JsonObject, token: CancellationToken): Promise<ValidationIssue[]> =>
    (await provider.validate?.(config, token)) ?? [];
  ctx.rpc.onRequest($provideBackendValidate, ({ handle, config }, token) =>
    callProvider(ctx.store.get<BackendProvider>(handle, 'backends'), token, (p, t) => issuesOf(p, config, t)));
  // Validating inside the resolve spares the kernel a second round trip before every restic operation.
  ctx.rpc.onRequest($provideBackendResolve, ({ handle, config, secrets, validate }, token) =>
    callProvider(ctx.store.get<BackendProvider>(handle, 'backends'), token, async (p, t) => {
      const issues = validate ? await issuesOf(p, config, t) : [];
      if (issues.some((issue) => issue.severity !== 'warning')) return { issues };
      return { issues, location: await p.resolve(config, secrets, t) };
    }));
  ctx.rpc.onRequest($provideBackendTestConnection, ({ handle, config, secrets }, token) =>
    callProvider(ctx.store.get<BackendProvider>(handle, 'backends'), token, (p, t) => {
      if (!p.testConnection) throw new Error('This backend cannot test connections');
      return p.testConnection(config, secrets, t);
    }));
}
