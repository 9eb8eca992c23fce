import type { JsonObject } from '@timelocker/plugin-api';
import type { PolicyFactsContribution } from '../policies/policy-facts-contribution.js';
import { retentionFor } from './maintenance-config.js';

/** Policy rules see the plan's retention rules as configured. */
export const retentionPolicyFacts: PolicyFactsContribution = {
  facts: (config, { plan }) => {
    const retention = plan !== undefined ? retentionFor(config, plan)?.rules : undefined;
    return retention ? { retention: retention as unknown as JsonObject } : {};
  },
};
