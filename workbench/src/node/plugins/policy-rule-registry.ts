import type { CancellationToken, JsonObject, PolicyContextDto, PolicyViolationDto } from '@timelocker/plugin-api';

export const PolicyRuleRegistry = Symbol('PolicyRuleRegistry');

/** Policy rules plugins contribute (`contributes.policyRules`). */
export interface PolicyRuleRegistry {
  evaluate(ruleId: string, context: PolicyContextDto, options: JsonObject, token?: CancellationToken): Promise<PolicyViolationDto[]>;
}
