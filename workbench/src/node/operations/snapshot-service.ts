import type { CancellationToken, SnapshotDto } from '@timelocker/plugin-api';
import type { ResticNode } from '../restic/restic-json.js';

export const SnapshotService = Symbol('SnapshotService');

export interface SnapshotFilter {
  readonly repository?: string;
  readonly plan?: string;
  readonly tag?: string;
  readonly path?: string;
  /** Only the N newest per repository. */
  readonly latest?: number;
  /** List with restic even when the repository holds no snapshot the catalog's cache does not know. */
  readonly refresh?: boolean;
}

export interface SnapshotEntry {
  readonly name: string;
  readonly type: string;
  readonly path: string;
  readonly size?: number;
  readonly mode?: number;
  readonly permissions?: string;
  readonly mtime?: string;
}

export function toSnapshotEntry(node: ResticNode): SnapshotEntry {
  const { name, type, path, size, mode, permissions, mtime } = node;
  return { name, type, path, ...(size !== undefined ? { size } : {}), ...(mode !== undefined ? { mode } : {}), ...(permissions ? { permissions } : {}), ...(mtime ? { mtime } : {}) };
}

/** Every snapshot TimeLocker makes carries this tag, so a plan's snapshots can be told apart. */
export function planTag(plan: string): string {
  return `plan:${plan}`;
}

export interface UnlistedRepository {
  readonly repository: string;
  readonly message: string;
}

export interface AvailableSnapshots {
  readonly snapshots: SnapshotDto[];
  readonly unlisted: readonly UnlistedRepository[];
}

export interface SnapshotService {
  /** Lists from restic (newest first) and refreshes the snapshot cache. */
  list(filter: SnapshotFilter, token: CancellationToken): Promise<SnapshotDto[]>;
  /**
   * As `list`, leaving out a repository that cannot be listed now (unreachable, a missing password) and saying which
   * and why, for views of several repositories; still fails when none can be listed. Reports use `list`: a report
   * must not leave a repository out silently.
   */
  listAvailable(filter: SnapshotFilter, token: CancellationToken): Promise<AvailableSnapshots>;
  /** `latest`, a full id or a unique id prefix. */
  resolve(repository: string, ref: string, token: CancellationToken): Promise<SnapshotDto>;
  /** One directory level of a snapshot, for browsing. */
  ls(repository: string, ref: string, dir: string, token: CancellationToken): Promise<SnapshotEntry[]>;
}
