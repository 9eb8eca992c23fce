import type { Readable } from 'node:stream';
import type { CancellationToken } from '@timelocker/plugin-api';
import type { ArchiveFormat } from '../file-index/file-download.js';
import type { SnapshotEntry } from '../operations/snapshot-service.js';
import type { RestoreImpact } from '../../common/restore-impact-dto.js';
import type { SnapshotChanges } from '../restic/restic-diff-json.js';

export type { RestoreImpact } from '../../common/restore-impact-dto.js';

export const SnapshotExplorer = Symbol('SnapshotExplorer');

export interface SnapshotSearch {
  readonly snapshotId: string;
  /** At most `limit`, in restic's listing order. */
  readonly matches: readonly SnapshotEntry[];
  /** Every match, also those beyond `limit`. */
  readonly total: number;
}

export interface SnapshotDownload {
  readonly fileName: string;
  readonly contentType: string;
  /** restic dump's output; errors after the first byte destroy the stream. */
  readonly stream: Readable;
}

export interface SnapshotComparison extends SnapshotChanges {
  readonly from: string;
  readonly to: string;
}

export interface RestoreImpactRequest {
  readonly target: string;
  readonly include: readonly string[];
  readonly confined: boolean;
}

/** Looks into snapshots beyond one directory level: search, download, compare, and what a restore would touch. */
export interface SnapshotExplorer {
  /** Names containing `query` (case-insensitive; with a "/" in it, the whole path), over the whole snapshot. */
  search(repository: string, snapshot: string, query: string, limit: number, token: CancellationToken): Promise<SnapshotSearch>;
  /** A file as it is; a folder as a tar or zip archive (`format`), through FileDownload. `actor`: who asked, for the audit log. */
  download(repository: string, snapshot: string, path: string, options: { readonly format: ArchiveFormat; readonly actor?: string }, token: CancellationToken): Promise<SnapshotDownload>;
  /** restic diff: what was added, removed and changed from `from` to `to`. */
  compare(repository: string, from: string, to: string, token: CancellationToken): Promise<SnapshotComparison>;
  /** `confined`: the caller restores only into restore.allowedTargets (an API token below admin), so it may look only there. */
  restoreImpact(repository: string, snapshot: string, request: RestoreImpactRequest, limit: number, token: CancellationToken): Promise<RestoreImpact>;
}
