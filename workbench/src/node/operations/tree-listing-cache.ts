import type { SnapshotEntry } from './snapshot-service.js';

export const TreeListingCache = Symbol('TreeListingCache');

/**
 * Directory listings of snapshots, kept on disk in the data dir. A snapshot never changes, so a listing stays valid
 * for as long as its snapshot exists; forget and prune (by TimeLocker or behind its back) evict it.
 */
export interface TreeListingCache {
  get(repository: string, snapshotId: string, dir: string): Promise<SnapshotEntry[] | undefined>;
  put(repository: string, snapshotId: string, dir: string, entries: readonly SnapshotEntry[]): Promise<void>;
  /** Drops the listings of every snapshot of the repository not in `snapshotIds` (full ids). */
  retain(repository: string, snapshotIds: readonly string[]): Promise<void>;
}
