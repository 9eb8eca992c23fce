import type { JsonObject } from '@timelocker/plugin-api';
import type { PlanPolicyFactsContribution } from '../policies/plan-policy-facts-contribution.js';
import { retentionFor } from './maintenance-config.js';

/** Policy rules see the plan's retention rules as configured. */
export const retentionPolicyFacts: PlanPolicyFactsContribution = {
  planFacts: (config, plan) => {
    const retention = retentionFor(config, plan)?.rules;
    return retention ? { retention: retention as unknown as JsonObject } : {};
  },
};
