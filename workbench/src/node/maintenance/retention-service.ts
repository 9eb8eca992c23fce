import type { CancellationToken, JobDto } from '@timelocker/plugin-api';
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

/** Retention by restic's own rules (`forget --json`), scoped to one plan's snapshots, and `prune` as its own job. */
export interface RetentionService {
  /**
   * Throws UsageError when no retention policy applies to the plan. `repository`: a copy destination instead of the
   * plan's own. A dry run may try `rules` that are not saved yet (the retention form's live preview): restic decides,
   * nothing changes.
   */
  forget(plan: string, options: { readonly dryRun: boolean; readonly repository?: string; readonly rules?: ForgetRules }, token: CancellationToken): Promise<ForgetRun>;
  prune(repository: string, token: CancellationToken): Promise<{ job: JobDto; cause?: unknown }>;
}
