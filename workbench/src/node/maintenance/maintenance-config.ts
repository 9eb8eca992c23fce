import type { PlanConfig, TimeLockerConfig } from '../config/config-model.js';
import { parseDuration } from '../core/time-period.js';
import type { ForgetRules } from '../restic/restic-forget-json.js';

/** Typed views of the maintenance keys (the schema has validated them already). */

export type AfterBackup = 'none' | 'forget' | 'forget+prune';

export interface RetrySettings {
  readonly attempts: number;
  readonly baseSeconds: number;
  readonly maxSeconds: number;
}

export interface LockSettings {
  readonly waitMs: number;
  readonly pollMs: number;
}

export interface PlanRetention {
  readonly rules: ForgetRules;
  /** `plan` or the tags of the top-level entry it came from, for messages. */
  readonly source: string;
}

interface TaggedRetention extends ForgetRules {
  readonly tags: readonly string[];
}

export const defaultRetry: RetrySettings = { attempts: 3, baseSeconds: 30, maxSeconds: 600 };
/** Retries of one operation never wait longer than this in all. */
export const retryBudgetMs = 30 * 60 * 1000;

function planConfig(config: TimeLockerConfig, plan: string): PlanConfig | undefined {
  return config.plans[plan];
}

function rulesOf(value: ForgetRules | TaggedRetention): ForgetRules {
  const { keepLast, keepHourly, keepDaily, keepWeekly, keepMonthly, keepYearly, keepWithin, keepTags, groupBy } = value;
  return Object.fromEntries(Object.entries({ keepLast, keepHourly, keepDaily, keepWeekly, keepMonthly, keepYearly, keepWithin, keepTags, groupBy })
    .filter(([, v]) => v !== undefined)) as ForgetRules;
}

/**
 * For the plan's snapshots in `repository` (default: the plan's own): the repository's retention wins (a copy
 * destination may keep longer), then the plan's own, then the first top-level entry sharing one of the plan's tags.
 */
export function retentionFor(config: TimeLockerConfig, plan: string, repository?: string): PlanRetention | undefined {
  const where = repository ?? planConfig(config, plan)?.repository;
  const ofRepository = where !== undefined ? (config.repositories[where]?.['retention'] as ForgetRules | undefined) : undefined;
  if (ofRepository) return { rules: rulesOf(ofRepository), source: `repository "${where!}"` };
  const own = planConfig(config, plan)?.['retention'] as ForgetRules | undefined;
  if (own) return { rules: rulesOf(own), source: `plan "${plan}"` };
  const tags = new Set(planConfig(config, plan)?.tags ?? []);
  const entries = (config['retention'] ?? []) as readonly TaggedRetention[];
  const match = entries.find((entry) => entry.tags.some((t) => tags.has(t)));
  return match ? { rules: rulesOf(match), source: `retention for tag(s) ${match.tags.join(', ')}` } : undefined;
}

/** Default: forget (cheap) when a retention policy applies; never prune unless asked. */
export function afterBackupOf(config: TimeLockerConfig, plan: string): AfterBackup {
  const configured = planConfig(config, plan)?.['afterBackup'] as AfterBackup | undefined;
  if (configured) return configured;
  return retentionFor(config, plan) ? 'forget' : 'none';
}

/** `undefined` when the plan wants no check after its backups; otherwise the read-data subset (may be undefined). */
export function checkAfterBackupOf(config: TimeLockerConfig, plan: string): { readDataSubset?: string } | undefined {
  const check = planConfig(config, plan)?.['check'] as { afterBackup?: boolean | { readDataSubset: string } } | undefined;
  const after = check?.afterBackup;
  if (!after) return undefined;
  return after === true ? {} : { readDataSubset: after.readDataSubset };
}

export function retryFor(config: TimeLockerConfig, plan: string | undefined): RetrySettings {
  const global = config['retry'] as Partial<RetrySettings> | undefined;
  const own = plan ? (planConfig(config, plan)?.['retry'] as Partial<RetrySettings> | undefined) : undefined;
  return { ...defaultRetry, ...global, ...own };
}

export function resumeInterruptedOf(config: TimeLockerConfig, plan: string): boolean {
  return planConfig(config, plan)?.['resumeInterrupted'] === true;
}

export function lockSettingsOf(config: TimeLockerConfig): LockSettings {
  const locks = config['locks'] as { wait?: string; pollSeconds?: number } | undefined;
  return { waitMs: parseDuration(locks?.wait ?? '10m'), pollMs: (locks?.pollSeconds ?? 10) * 1000 };
}
