/** What a restore would touch, as the REST API (/api/v1/…/restore-impact) sends it: for the kernel and the browser. */
export interface RestoreImpact {
  readonly snapshotId: string;
  readonly target: string;
  /** Files the restore would write. */
  readonly files: number;
  readonly bytes: number;
  /** Where each selected path lands: restic keeps the full original path under the target. */
  readonly destinations: ReadonlyArray<{ readonly path: string; readonly restoredTo: string }>;
  /** Existing files the restore would replace (at most `limit`). */
  readonly overwrites: readonly string[];
  readonly overwriteCount: number;
}
