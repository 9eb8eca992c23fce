import type { CancellationToken, JsonObject, PolicyContextDto, PolicyViolationDto } from '@timelocker/plugin-api';

export const PolicyRuleRegistry = Symbol('PolicyRuleRegistry');

/** A rule to evaluate, with a policy entry's options. */
export interface PolicyRuleInvocation {
  readonly ruleId: string;
  readonly options: JsonObject;
}

/** A rule's findings, or why it has none: unavailable, failed, cancelled, or no answer within the time limit. */
export type PolicyRuleOutcome = { readonly violations: PolicyViolationDto[] } | { readonly error: Error; readonly timedOut?: boolean };

/** Policy rules plugins contribute (`contributes.policyRules`). */
export interface PolicyRuleRegistry {
  /**
   * Every rule against one context in one round trip to the plugin host; one outcome per rule, in order. A rule
   * that throws, is unavailable or takes longer than `timeoutMs` affects only its own outcome.
   */
  evaluate(rules: readonly PolicyRuleInvocation[], context: PolicyContextDto, timeoutMs: number, token?: CancellationToken): Promise<PolicyRuleOutcome[]>;
}
