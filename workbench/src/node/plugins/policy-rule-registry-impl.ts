import type { CancellationToken, PolicyContextDto } from '@timelocker/plugin-api';
import { $evaluatePolicies, TimeLimitError, type PolicyRuleOutcomeDto } from '@timelocker/plugin-api/protocol';
import { inject, injectable } from 'inversify';
import { ResponseError } from 'vscode-jsonrpc';
import type { PluginHostProcess } from './plugin-host-process.js';
import type { PolicyRuleInvocation, PolicyRuleOutcome, PolicyRuleRegistry } from './policy-rule-registry.js';
import { ProviderInvoker, type ProviderTarget } from './provider-invoker.js';

interface Ready {
  readonly index: number;
  readonly target: ProviderTarget;
  readonly invocation: PolicyRuleInvocation;
}

@injectable()
export class PolicyRuleRegistryImpl implements PolicyRuleRegistry {
  constructor(@inject(ProviderInvoker) private readonly invoker: ProviderInvoker) {}

  async evaluate(rules: readonly PolicyRuleInvocation[], context: PolicyContextDto, timeoutMs: number, token?: CancellationToken): Promise<PolicyRuleOutcome[]> {
    const outcomes: PolicyRuleOutcome[] = new Array<PolicyRuleOutcome>(rules.length);
    const byHost = new Map<PluginHostProcess, Ready[]>();
    await Promise.all(rules.map(async (invocation, index) => {
      try {
        const target = await this.invoker.target('policyRules', invocation.ruleId);
        byHost.set(target.host, [...(byHost.get(target.host) ?? []), { index, target, invocation }]);
      } catch (error) {
        outcomes[index] = { error: error as Error };
      }
    }));
    // One host in practice; a host restarted while plugins were activating gets its own batch.
    await Promise.all([...byHost].map(async ([host, batch]) => {
      try {
        const answers = await this.invoker.send(host, token, (rpc, t) => rpc.sendRequest($evaluatePolicies, {
          rules: batch.map(({ target, invocation }) => ({ handle: target.handle, options: invocation.options })), context, timeoutMs,
        }, t));
        batch.forEach((ready, k) => (outcomes[ready.index] = this.outcome(ready.target, answers[k])));
      } catch (error) {
        for (const { index, target } of batch) outcomes[index] = { error: this.invoker.failure(target, error) as Error };
      }
    }));
    return outcomes;
  }

  private outcome(target: ProviderTarget, answer: PolicyRuleOutcomeDto | undefined): PolicyRuleOutcome {
    if (answer && 'violations' in answer) return answer;
    if (answer && 'timedOut' in answer) return { error: new TimeLimitError(`policy rule "${target.id}" did not answer in time`), timedOut: true };
    const { code, message, data } = answer?.error ?? { code: 0, message: `the plugin host gave no answer for policy rule "${target.id}"` };
    return { error: this.invoker.failure(target, new ResponseError(code, message, data)) as Error };
  }
}
