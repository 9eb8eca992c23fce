import type { SnapshotDto } from '@timelocker/plugin-api';

export const SnapshotCache = Symbol('SnapshotCache');

/**
 * What the cache of a repository was last checked against with the repository resolved for real: its restic
 * location, under a fingerprint of what the resolution depended on (config, plugins).
 */
export interface SnapshotSource {
  readonly fingerprint: string;
  readonly location: string;
}

/** Last known snapshot list per repository (refreshed after every listing and backup). */
export interface SnapshotCache {
  replace(repository: string, snapshots: readonly SnapshotDto[]): Promise<void>;
  list(repository: string): Promise<SnapshotDto[]>;
  /** Forgets the repository's snapshots and source. */
  clear(repository: string): Promise<void>;
  source(repository: string): Promise<SnapshotSource | undefined>;
  /** Records the source (a catalog write only when it changed). */
  setSource(repository: string, source: SnapshotSource): Promise<void>;
  /**
   * Whether the catalog knows the repository had snapshots — listed, or made by successful backups — with how many
   * and the latest one's time; undefined when it knows none.
   */
  known(repository: string): Promise<{ readonly count: number; readonly latest: string } | undefined>;
}
