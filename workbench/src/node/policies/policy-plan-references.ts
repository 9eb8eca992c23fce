import type { PlanReferenceContribution } from '../config/plan-reference-contribution.js';

/** A policy's `plans` follow a renamed plan. */
export const policyPlanReferences: PlanReferenceContribution = {
  planReferences: (config) => (config.policies ?? []).flatMap((policy, index) =>
    (policy.plans ? [{ jsonPath: ['policies', index, 'plans'], plans: policy.plans }] : [])),
};
