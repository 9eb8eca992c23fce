/** A plan's 3-2-1 copy status as the REST API (/api/v1/copies/status) sends it, for the kernel and the browser. */
export interface PlanCopyStatus {
  readonly plan: string;
  readonly repository: string;
  /** Repositories the plan copies to (`copyTo`). */
  readonly wanted: readonly string[];
  /** Short id of the plan's latest backup snapshot, from the job history. */
  readonly latestSnapshot?: string;
  /** Verified copies of that snapshot. */
  readonly copies: ReadonlyArray<{ readonly repository: string; readonly copyId: string; readonly verifiedAt: string }>;
  /** Destinations without a verified copy of the latest snapshot. */
  readonly missing: readonly string[];
}
