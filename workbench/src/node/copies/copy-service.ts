import type { CancellationToken, JobDto } from '@timelocker/plugin-api';
import type { PlanCopyStatus } from '../../common/copy-status-dto.js';
import type { JobHandle } from '../jobs/job-service.js';

export const CopyService = Symbol('CopyService');

export interface CopyRun {
  readonly destination: string;
  readonly job: JobDto;
  readonly cause?: unknown;
  /** The destination's own retention (forget), run after a successful copy when one applies. */
  readonly retention?: { readonly job: JobDto; readonly cause?: unknown };
}

/** One copy of a snapshot in another repository, as restic lists it (`original` = the source snapshot). */
export interface SnapshotCopy {
  readonly repository: string;
  readonly id: string;
  readonly shortId: string;
  /** When TimeLocker last verified it (same tree id in the destination's list); absent for copies made elsewhere. */
  readonly verifiedAt?: string;
}

export type { PlanCopyStatus } from '../../common/copy-status-dto.js';

/** 3-2-1: a plan's snapshots copied to further repositories with `restic copy`, each destination its own job. */
export interface CopyService {
  /**
   * Copies the plan's snapshots that a destination lacks (newer than the newest it holds; only the latest one for a
   * destination that holds none yet) to every `copyTo` repository (or `destinations`), verifies them by tree id,
   * then applies the destination's retention. Never throws for one destination: its run carries the failure.
   */
  copyPlan(plan: string, token: CancellationToken, destinations?: readonly string[]): Promise<CopyRun[]>;
  /** `copyPlan`, answering as soon as each destination's job is recorded (or joined); each `done` includes its retention. */
  startCopies(plan: string, token: CancellationToken, destinations?: readonly string[]): Promise<Array<JobHandle<CopyRun>>>;
  /** Every copy in the configured repositories, by the id of the snapshot it was copied from (unreachable ones are skipped). */
  copiesOf(token: CancellationToken): Promise<Map<string, SnapshotCopy[]>>;
  /** Per plan with `copyTo`: does its latest snapshot have every copy asked for (from job history, no restic run)? */
  planStatus(): Promise<PlanCopyStatus[]>;
}
