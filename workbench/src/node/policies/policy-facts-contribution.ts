import type { PolicyContextDto } from '@timelocker/plugin-api';
import type { TimeLockerConfig } from '../config/config-model.js';
import type { PolicyScope } from './policy-service.js';

/**
 * What a feature knows that policy rules judge: the scheduler a plan's window, maintenance its retention, the job
 * history the last successful backup and check. Rules get it in their context, so they need not ask the kernel back.
 */
export type PolicyFacts = Partial<Pick<PolicyContextDto, 'window' | 'retention' | 'lastBackup' | 'lastCheck'>>;

/** Multi-binding: each contribution's facts join the context of every rule evaluated for a scope. */
export const PolicyFactsContribution = Symbol('PolicyFactsContribution');

export interface PolicyFactsContribution {
  facts(config: TimeLockerConfig, scope: PolicyScope, now: Date): PolicyFacts | Promise<PolicyFacts>;
}
