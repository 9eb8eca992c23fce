import type { SnapshotDto } from '@timelocker/plugin-api';

export const SnapshotCache = Symbol('SnapshotCache');

/** Last known snapshot list per repository (refreshed after every listing and backup). */
export interface SnapshotCache {
  replace(repository: string, snapshots: readonly SnapshotDto[]): Promise<void>;
  list(repository: string): Promise<SnapshotDto[]>;
  clear(repository: string): Promise<void>;
}
