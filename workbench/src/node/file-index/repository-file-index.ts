import type { PathQuery } from './path-query.js';
import { PathTable } from './path-table.js';
import { type IndexedSnapshotMeta, type SnapshotListing, splitPath } from './snapshot-listing.js';
import { VersionTable } from './version-table.js';

export interface VersionHit {
  readonly type: number;
  readonly size: number;
  readonly seconds: number;
  readonly nanos: number;
  /** Snapshots holding this version, oldest first. */
  readonly snapshots: readonly IndexedSnapshotMeta[];
}

export interface PathHit {
  readonly path: string;
  readonly versions: readonly VersionHit[];
}

export interface HitFilter {
  /** Which snapshots count (e.g. one plan's). */
  readonly snapshot?: (meta: IndexedSnapshotMeta) => boolean;
  /** Only the path itself and what lies under it. */
  readonly prefix?: string;
  /** File versions modified at or after / before these times (seconds since the epoch). */
  readonly newer?: number;
  readonly older?: number;
}

/**
 * The file index of one repository in memory: paths and versions shared by all snapshots, fed snapshot by snapshot
 * (oldest first) from their listings. Forgotten snapshots are only marked; the owner rebuilds when many are.
 */
export class RepositoryFileIndex {
  private readonly held: Array<{ meta: IndexedSnapshotMeta; alive: boolean }> = [];
  private readonly paths = new PathTable();
  private readonly versions = new VersionTable();

  constructor(readonly repository: string) {}

  /** Snapshots still indexed, oldest first. */
  get snapshots(): IndexedSnapshotMeta[] {
    return this.held.filter((s) => s.alive).map((s) => s.meta);
  }

  get forgottenCount(): number {
    return this.held.filter((s) => !s.alive).length;
  }

  get entries(): number {
    return this.held.reduce((sum, s) => sum + (s.alive ? s.meta.entries : 0), 0);
  }

  get distinctPaths(): number {
    return this.paths.count;
  }

  get distinctVersions(): number {
    return this.versions.count;
  }

  get memoryBytes(): number {
    return this.paths.memoryBytes + this.versions.memoryBytes;
  }

  /** Snapshots must come oldest first; false means the caller has to rebuild in time order. */
  canAppend(meta: IndexedSnapshotMeta): boolean {
    const newest = this.held.at(-1)?.meta;
    return !newest || meta.time >= newest.time;
  }

  append(listing: SnapshotListing): void {
    if (this.held.some((s) => s.meta.id === listing.meta.id)) return;
    const ordinal = this.held.length;
    this.held.push({ meta: listing.meta, alive: true });
    if (this.paths.count === 0) {
      // The first snapshot brings nearly every path: size everything once instead of growing it step by step.
      this.paths.reserve(listing.count, listing.names.length + listing.count + 1);
      this.versions.reserve(listing.count, listing.count);
    }
    const dirIds = listing.dirs.map((dir) => this.paths.dirId(dir));
    for (let i = 0; i < listing.count; i++) {
      const path = this.paths.intern(dirIds[listing.dir[i]!]!, listing.names, listing.nameStart[i]!, listing.nameStart[i + 1]!);
      this.versions.record(path, listing.type[i]!, listing.size[i]!, listing.seconds[i]!, listing.nanos[i]!, ordinal);
    }
  }

  /** Gives back the room that growing left unused; call after adding a batch of snapshots. */
  compact(): void {
    this.paths.fit();
    this.versions.fit(this.paths.count);
  }

  /** Marks a forgotten snapshot; its versions stop showing up. */
  forget(snapshotId: string): void {
    const entry = this.held.find((s) => s.meta.id === snapshotId);
    if (entry) entry.alive = false;
  }

  private selection(filter: HitFilter): Uint32Array {
    const ordinals: number[] = [];
    this.held.forEach((s, ordinal) => {
      if (s.alive && (!filter.snapshot || filter.snapshot(s.meta))) ordinals.push(ordinal);
    });
    return Uint32Array.from(ordinals);
  }

  private hitFor(path: number, selected: Uint32Array, filter: HitFilter): PathHit | undefined {
    const versions: VersionHit[] = [];
    for (const v of this.versions.ofPath(path)) {
      const seconds = this.versions.seconds(v);
      if ((filter.newer !== undefined && seconds < filter.newer) || (filter.older !== undefined && seconds >= filter.older)) continue;
      const holders = this.versions.holders(v, selected);
      if (holders.length === 0) continue;
      versions.push({ ...this.versions.describe(v), snapshots: holders.map((o) => this.held[o]!.meta) });
    }
    return versions.length > 0 ? { path: this.paths.fullPath(path), versions } : undefined;
  }

  /** Folders inside `prefix` (all their paths qualify) — the prefix itself is checked per path. */
  private prefixDirs(prefix: string | undefined): Uint8Array | undefined {
    if (prefix === undefined) return undefined;
    const mask = new Uint8Array(this.paths.dirs.length);
    const base = prefix.replace(/\/+$/, '');
    this.paths.dirs.forEach((dir, d) => {
      if (dir === base || dir.startsWith(`${base}/`)) mask[d] = 1;
    });
    return mask;
  }

  /** Up to `limit` matching paths, best first; `truncated` when there were more. */
  search(query: PathQuery, filter: HitFilter, limit: number): { hits: PathHit[]; truncated: boolean } {
    const selected = this.selection(filter);
    const hits: PathHit[] = [];
    if (selected.length === 0) return { hits, truncated: false };
    const inPrefix = this.prefixDirs(filter.prefix);
    const prefix = filter.prefix?.replace(/\/+$/, '');
    for (const path of query.candidates(this.paths)) {
      if (inPrefix && !inPrefix[this.paths.dirOfPath(path)] && this.paths.fullPath(path) !== prefix) continue;
      if (!query.accepts(this.paths, path)) continue;
      const hit = this.hitFor(path, selected, filter);
      if (!hit) continue;
      if (hits.length === limit) return { hits, truncated: true };
      hits.push(hit);
    }
    return { hits, truncated: false };
  }

  /** Every version of exactly `path` in the selected snapshots. */
  versionsOf(path: string, filter: HitFilter = {}): readonly VersionHit[] {
    const { dir, name } = splitPath(path.length > 1 ? path.replace(/\/+$/, '') : path);
    const dirId = this.paths.findDir(dir);
    const id = dirId === undefined ? undefined : this.paths.find(dirId, name);
    return id === undefined ? [] : this.hitFor(id, this.selection(filter), filter)?.versions ?? [];
  }
}
