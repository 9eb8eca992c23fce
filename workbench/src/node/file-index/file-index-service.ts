import type { CancellationToken, Event } from '@timelocker/plugin-api';

export const FileIndexService = Symbol('FileIndexService');

export interface FileSearchRequest {
  /** Substring of the path (smart case), or a glob (`*.pdf`, `docs/**\/*.txt`). */
  readonly pattern: string;
  readonly repository?: string;
  /** Only snapshots of this plan (in its repository and in the repositories it copies to). */
  readonly plan?: string;
  /** Only this path and what lies under it. */
  readonly path?: string;
  /** Only versions modified at or after / before this time (ISO 8601 or YYYY-MM-DD). */
  readonly newer?: string;
  readonly older?: string;
  readonly limit?: number;
}

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

export interface IndexSyncReport {
  readonly repository: string;
  /** Short ids of the snapshots indexed now. */
  readonly indexed: readonly string[];
  /** Short ids of snapshots dropped because restic no longer lists them. */
  readonly dropped: readonly string[];
  readonly entries: number;
  readonly seconds: number;
  readonly error?: string;
}

export interface FileIndexStatus {
  readonly repository: string;
  readonly snapshots: number;
  readonly entries: number;
  readonly distinctPaths: number;
  readonly distinctVersions: number;
  readonly diskBytes: number;
}

/**
 * Which file is in which snapshot: an index of every snapshot's file list (`restic ls --json`, streamed), kept up to
 * date incrementally (new snapshots are indexed, forgotten ones dropped) and searched without running restic.
 */
export interface FileIndexService {
  /** Indexes snapshots not indexed yet and drops forgotten ones, per repository (default: all configured). Never throws for one repository: its report carries the error. */
  sync(repositories: readonly string[] | undefined, token: CancellationToken): Promise<IndexSyncReport[]>;
  /** Drops snapshots restic has just forgotten (full or short ids) without asking restic. */
  drop(repository: string, snapshotIds: readonly string[]): Promise<void>;
  search(request: FileSearchRequest): Promise<FileSearchResult>;
  /** Every version of `path` across all snapshots of all repositories (or one), newest first, numbered from 1. */
  versions(path: string, filter?: { readonly repository?: string; readonly plan?: string }): Promise<FileVersions>;
  status(): Promise<FileIndexStatus[]>;
  /** A repository's index changed (snapshots indexed or dropped). */
  readonly onDidChangeIndex: Event<string>;
}
