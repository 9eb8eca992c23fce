import type { PlanReferenceContribution } from '../config/plan-reference-contribution.js';
import { notificationsOf } from './notifications-schema.js';

/** A notification rule's `plans` follow a renamed plan. */
export const notificationPlanReferences: PlanReferenceContribution = {
  planReferences: (config) => (notificationsOf(config)?.rules ?? []).flatMap((rule, index) =>
    (rule.plans ? [{ jsonPath: ['notifications', 'rules', index, 'plans'], plans: rule.plans }] : [])),
};
