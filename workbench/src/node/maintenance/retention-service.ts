import type { CancellationToken, JobDto } from '@timelocker/plugin-api';
import type { JobHandle } from '../jobs/job-service.js';
import type { ForgetDecision, ForgetRules } from '../restic/restic-forget-json.js';

export const RetentionService = Symbol('RetentionService');

export interface ForgetRun {
  readonly plan: string;
  readonly repository: string;
  readonly rules: ForgetRules;
  /** Where the rules came from: the plan, or a tag-based top-level entry. */
  readonly source: string;
  readonly dryRun: boolean;
  /** restic's decisions (newest first); empty when forget failed. */
  readonly decisions: readonly ForgetDecision[];
  /** Absent for a dry run, which changes nothing and is not a job. */
  readonly job?: JobDto;
  readonly cause?: unknown;
}

export interface ForgetOptions {
  /** A copy destination of the plan instead of its own repository. */
  readonly repository?: string;
  /** Rules not saved yet (the retention form's live preview): `preview` only, restic decides, nothing changes. */
  readonly rules?: ForgetRules;
}

/** Retention by restic's own rules (`forget --json`), scoped to one plan's snapshots, and `prune` as its own job. */
export interface RetentionService {
  /** What forget would remove, changing nothing (not a job). Throws UsageError when no retention policy applies to the plan. */
  preview(plan: string, options: ForgetOptions, token: CancellationToken): Promise<ForgetRun>;
  /** Starts the forget job. Throws UsageError when no retention policy applies to the plan. */
  forget(plan: string, options: ForgetOptions, token: CancellationToken): Promise<JobHandle<ForgetRun>>;
  prune(repository: string, token: CancellationToken): Promise<JobHandle>;
}
