/** Shapes of the file index routes (/api/v1/files/…) and copy status (/api/v1/copies/status). */

export interface FileSnapshotRef {
  readonly repository: string;
  readonly id: string;
  readonly shortId: string;
  readonly time: string;
}

export interface FileVersion {
  readonly number?: number;
  readonly type: string;
  readonly size: number;
  readonly mtime: string;
  readonly snapshots: readonly FileSnapshotRef[];
}

export interface FileMatch {
  readonly path: string;
  readonly versions: readonly FileVersion[];
}

export interface FileSearchResult {
  readonly matches: readonly FileMatch[];
  readonly truncated: boolean;
  readonly searchedEntries: number;
  readonly tookMs: number;
}

export interface PlanCopyStatus {
  readonly plan: string;
  readonly repository: string;
  readonly wanted: readonly string[];
  readonly latestSnapshot?: string;
  readonly copies: ReadonlyArray<{ readonly repository: string; readonly copyId: string; readonly verifiedAt: string }>;
  readonly missing: readonly string[];
}
