import type { SnapshotDto } from '@timelocker/plugin-api';

export const SnapshotCache = Symbol('SnapshotCache');

/** Last known snapshot list per repository (refreshed after every listing and backup). */
export interface SnapshotCache {
  replace(repository: string, snapshots: readonly SnapshotDto[]): Promise<void>;
  list(repository: string): Promise<SnapshotDto[]>;
  clear(repository: string): Promise<void>;
  /**
   * Whether the catalog knows the repository had snapshots — listed, or made by successful backups — with how many
   * and the latest one's time; undefined when it knows none.
   */
  known(repository: string): Promise<{ readonly count: number; readonly latest: string } | undefined>;
}
