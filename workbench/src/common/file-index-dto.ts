/**
 * The file index's answers as they travel over the REST API (/api/v1/files/…): one declaration for the kernel that
 * builds them and the browser that shows them.
 */

export interface FileSnapshotRef {
  readonly repository: string;
  readonly id: string;
  readonly shortId: string;
  readonly time: string;
}

/** One distinct version of a path: same type, size and mtime ⇒ same version, wherever it is stored. */
export interface FileVersionDto {
  /** 1 = newest, in `versions` output (what `restore --version N` takes). */
  readonly number?: number;
  readonly type: string;
  readonly size: number;
  /** Modification time with nanoseconds, UTC. */
  readonly mtime: string;
  /** Newest first. */
  readonly snapshots: readonly FileSnapshotRef[];
}

export interface FileMatchDto {
  readonly path: string;
  /** Newest first. */
  readonly versions: readonly FileVersionDto[];
}

export interface IndexProblem {
  readonly repository: string;
  readonly message: string;
}

export interface FileSearchResult {
  readonly pattern: string;
  readonly matches: readonly FileMatchDto[];
  /** More paths matched than `limit`. */
  readonly truncated: boolean;
  /** Snapshot entries the search covered (all repositories). */
  readonly searchedEntries: number;
  readonly tookMs: number;
  /** Repositories whose index could not be brought up to date (the search used what was indexed). */
  readonly problems: readonly IndexProblem[];
}

export interface FileVersions {
  readonly path: string;
  readonly versions: readonly FileVersionDto[];
}
