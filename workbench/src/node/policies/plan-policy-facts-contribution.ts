import type { PolicyContextDto } from '@timelocker/plugin-api';
import type { TimeLockerConfig } from '../config/config-model.js';

/** What a feature knows about a plan that policy rules judge: the scheduler its window, maintenance its retention. */
export type PlanPolicyFacts = Partial<Pick<PolicyContextDto, 'window' | 'retention'>>;

/** Multi-binding: each contribution's facts join the context of every rule evaluated for a plan. */
export const PlanPolicyFactsContribution = Symbol('PlanPolicyFactsContribution');

export interface PlanPolicyFactsContribution {
  planFacts(config: TimeLockerConfig, plan: string, now: Date): PlanPolicyFacts;
}
