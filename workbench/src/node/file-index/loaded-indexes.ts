import type { Logger } from '../core/log-service.js';
import type { FileIndexStore } from './file-index-store.js';
import { RepositoryFileIndex } from './repository-file-index.js';
import { decodeSnapshotListing, type IndexedSnapshotMeta, readListingMeta } from './snapshot-listing.js';

interface Loaded {
  index: RepositoryFileIndex;
  /** Snapshot files read into `index` (forgotten ones included until the next rebuild). */
  readonly files: Set<string>;
}

/**
 * The repositories' indexes in memory, kept in step with the index files (which other processes may add or delete):
 * every use compares the folder with what is loaded, appends newer snapshots, marks deleted ones forgotten, and
 * rebuilds in time order when a snapshot arrives out of order or most loaded ones are gone.
 */
export class LoadedIndexes {
  private readonly loaded = new Map<string, Loaded>();
  private readonly pending = new Map<string, Promise<RepositoryFileIndex>>();

  constructor(private readonly store: FileIndexStore, private readonly logger: Logger) {}

  get(repository: string): Promise<RepositoryFileIndex> {
    // One refresh per repository at a time; callers arriving meanwhile share it.
    let refresh = this.pending.get(repository);
    if (!refresh) {
      refresh = this.refresh(repository).finally(() => this.pending.delete(repository));
      this.pending.set(repository, refresh);
    }
    return refresh;
  }

  forgetRepository(repository: string): void {
    this.loaded.delete(repository);
  }

  private async refresh(repository: string): Promise<RepositoryFileIndex> {
    const onDisk = new Set(await this.store.snapshotIds(repository));
    let current = this.loaded.get(repository);
    if (current) {
      for (const id of current.files) if (!onDisk.has(id)) current.index.forget(id);
      if (current.index.forgottenCount > current.index.snapshots.length) current = undefined;
    }
    let files = await this.readAll(repository, [...onDisk].filter((id) => !current?.files.has(id)));
    if (current && files.length === 0) return current.index;
    if (current && files.length > 0 && !current.index.canAppend(files[0]!.meta)) current = undefined;
    if (!current) {
      current = { index: new RepositoryFileIndex(repository), files: new Set() };
      files = await this.readAll(repository, [...onDisk]);
    }
    for (const { meta, bytes } of files) {
      const listing = await decodeSnapshotListing(bytes).catch((error: unknown) => {
        this.logger.warn(`${repository}: index of snapshot ${meta.shortId} is unreadable (${(error as Error).message}); removed, it is indexed again at the next sync`);
        return this.store.remove(repository, meta.id).then(() => undefined, () => undefined);
      });
      if (!listing) continue;
      current.index.append(listing);
      current.files.add(meta.id);
    }
    current.index.compact();
    this.loaded.set(repository, current);
    return current.index;
  }

  /** The readable files among `ids`, oldest snapshot first. */
  private async readAll(repository: string, ids: readonly string[]): Promise<Array<{ meta: IndexedSnapshotMeta; bytes: Buffer }>> {
    const files = await Promise.all(ids.map(async (id) => {
      try {
        const bytes = await this.store.read(repository, id);
        return { meta: readListingMeta(bytes), bytes };
      } catch (error) {
        // Deleted meanwhile (forget in another process) or damaged: either way not part of the index now.
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        this.logger.warn(`${repository}: damaged index file of ${id.slice(0, 8)} removed (${(error as Error).message}); it is indexed again at the next sync`);
        return this.store.remove(repository, id).then(() => undefined, () => undefined);
      }
    }));
    return files.filter((f): f is { meta: IndexedSnapshotMeta; bytes: Buffer } => f !== undefined).sort((a, b) => a.meta.time.localeCompare(b.meta.time));
  }
}
