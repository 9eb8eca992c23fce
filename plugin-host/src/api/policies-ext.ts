import type { PoliciesApi, PolicyRule } from '@timelocker/plugin-api';
import { $evaluatePolicy, type PluginDescriptionDto } from '@timelocker/plugin-api/protocol';
import type { ExtContext } from './ext-context.js';
import { callProvider } from './provider-call.js';

export function createPoliciesApi(plugin: PluginDescriptionDto, ctx: ExtContext): PoliciesApi {
  return { registerRule: (id, rule) => ctx.store.register(plugin, 'policyRules', id, rule) };
}

export function registerPolicyHandlers(ctx: ExtContext): void {
  ctx.rpc.onRequest($evaluatePolicy, ({ handle, context, options }, token) =>
    callProvider(ctx.store.get<PolicyRule>(handle, 'policyRules'), token, (rule, t) => rule.evaluate(context, options, t)));
}
