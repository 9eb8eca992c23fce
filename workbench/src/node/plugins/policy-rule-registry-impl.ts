import type { CancellationToken, JsonObject, PolicyContextDto, PolicyViolationDto } from '@timelocker/plugin-api';
import { $evaluatePolicy } from '@timelocker/plugin-api/protocol';
import { inject, injectable } from 'inversify';
import type { PolicyRuleRegistry } from './policy-rule-registry.js';
import { ProviderInvoker } from './provider-invoker.js';

@injectable()
export class PolicyRuleRegistryImpl implements PolicyRuleRegistry {
  constructor(@inject(ProviderInvoker) private readonly invoker: ProviderInvoker) {}

  evaluate(ruleId: string, context: PolicyContextDto, options: JsonObject, token?: CancellationToken): Promise<PolicyViolationDto[]> {
    return this.invoker.invoke('policyRules', ruleId, token, (rpc, handle, t) =>
      rpc.sendRequest($evaluatePolicy, { handle, context, options }, t));
  }
}
