import type { CancellationToken, Event } from '@timelocker/plugin-api';
import type { FileSearchResult, FileVersions } from '../../common/file-index-dto.js';

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

export type { FileMatchDto, FileSearchResult, FileSnapshotRef, FileVersionDto, FileVersions, IndexProblem } from '../../common/file-index-dto.js';

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
