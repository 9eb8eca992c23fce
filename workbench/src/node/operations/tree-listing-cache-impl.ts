import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { inject, injectable } from 'inversify';
import { KernelOptions } from '../core/kernel-options.js';
import { writeFileAtomic } from '../core/durable-files.js';
import type { SnapshotEntry } from './snapshot-service.js';
import type { ErasableData } from '../core/erasable-data.js';
import type { TreeListingCache } from './tree-listing-cache.js';
import { readTreeListing, treeListingFile, treeListingRepositoryDir, treeListingsRoot } from './tree-listing-files.js';

/** `<data-dir>/tree-listings/<repository>/<snapshot id>/<sha-256 of the dir>.json` (tree-listing-files.ts). */
@injectable()
export class TreeListingCacheImpl implements TreeListingCache, ErasableData {
  readonly erasableName = 'folder listings';
  private readonly root: string;

  constructor(@inject(KernelOptions) options: KernelOptions) {
    this.root = treeListingsRoot(options.dataDir);
  }

  private repositoryDir(repository: string): string {
    return treeListingRepositoryDir(this.root, repository);
  }

  /** A miss (missing, damaged or foreign file) lists the folder with restic again and replaces the file. */
  get(repository: string, snapshotId: string, dir: string): Promise<SnapshotEntry[] | undefined> {
    return readTreeListing(treeListingFile(this.root, repository, snapshotId, dir), dir);
  }

  async put(repository: string, snapshotId: string, dir: string, entries: readonly SnapshotEntry[]): Promise<void> {
    await writeFileAtomic(treeListingFile(this.root, repository, snapshotId, dir), JSON.stringify({ dir, entries }), 0o600);
  }

  async retain(repository: string, snapshotIds: readonly string[]): Promise<void> {
    const keep = new Set(snapshotIds);
    const cached = await readdir(this.repositoryDir(repository)).catch(() => [] as string[]);
    await Promise.all(cached.filter((id) => !keep.has(id)).map((id) => rm(join(this.repositoryDir(repository), id), { recursive: true, force: true })));
  }

  /** Folder names are personal data: `privacy erase` empties the cache (listings are fetched again when needed). */
  async erase(): Promise<void> {
    await rm(this.root, { recursive: true, force: true });
  }
}
