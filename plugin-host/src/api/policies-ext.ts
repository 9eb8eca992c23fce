import type { PoliciesApi, PolicyContextDto, PolicyRule } from '@timelocker/plugin-api';
import {
  $evaluatePolicies, TimeLimitError, withTimeLimit, type PluginDescriptionDto, type PolicyRuleInvocationDto, type PolicyRuleOutcomeDto,
} from '@timelocker/plugin-api/protocol';
import { CancellationTokenSource, ErrorCodes, ResponseError, type CancellationToken as RpcToken } from 'vscode-jsonrpc';
import { toError } from '../errors.js';
import type { ExtContext } from './ext-context.js';
import { callProvider } from './provider-call.js';

export function createPoliciesApi(plugin: PluginDescriptionDto, ctx: ExtContext): PoliciesApi {
  return { registerRule: (id, rule) => ctx.store.register(plugin, 'policyRules', id, rule) };
}

export function registerPolicyHandlers(ctx: ExtContext): void {
  ctx.rpc.onRequest($evaluatePolicies, ({ rules, context, timeoutMs }, token) =>
    Promise.all(rules.map((invocation) => evaluateRule(ctx, invocation, context, token, timeoutMs))));
}

/**
 * One rule of a batch, isolated from the others: what it throws (or a handle the host does not know) becomes its
 * outcome, and past `timeoutMs` it is given up on and its token cancelled, whether or not it honours the token.
 */
async function evaluateRule(
  ctx: ExtContext, { handle, options }: PolicyRuleInvocationDto, context: PolicyContextDto, batch: RpcToken, timeoutMs: number | undefined,
): Promise<PolicyRuleOutcomeDto> {
  const source = new CancellationTokenSource();
  const link = batch.onCancellationRequested(() => source.cancel());
  if (batch.isCancellationRequested) source.cancel();
  try {
    const entry = ctx.store.get<PolicyRule>(handle, 'policyRules');
    const answer = callProvider(entry, source.token, (rule, t) => rule.evaluate(context, options, t));
    return { violations: await (timeoutMs === undefined ? answer : withTimeLimit(answer, timeoutMs, `${entry.id} did not answer in time`)) };
  } catch (thrown) {
    if (thrown instanceof TimeLimitError) {
      source.cancel();
      return { timedOut: true };
    }
    // The same error response the rule's call would have had on its own.
    const error = thrown instanceof ResponseError ? thrown : new ResponseError(ErrorCodes.InternalError, toError(thrown).message);
    return { error: { code: error.code, message: error.message, ...(error.data !== undefined ? { data: error.data } : {}) } };
  } finally {
    link.dispose();
    source.dispose();
  }
}
