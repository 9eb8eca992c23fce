import type { TimeLockerConfig } from './config-model.js';
import type { JsonPathSegment } from './config-service.js';

/** A list of plan names in the config, at `jsonPath` (e.g. a notification rule's `plans`). */
export interface PlanReference {
  readonly jsonPath: readonly JsonPathSegment[];
  readonly plans: readonly string[];
}

/**
 * A feature whose config section names plans (multi-binding): renaming a plan rewrites every list the features
 * return, so their entries keep following the plan.
 */
export const PlanReferenceContribution = Symbol('PlanReferenceContribution');

export interface PlanReferenceContribution {
  planReferences(config: TimeLockerConfig): PlanReference[];
}
