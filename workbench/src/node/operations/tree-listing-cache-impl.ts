import { createHash } from 'node:crypto';
import { readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { inject, injectable } from 'inversify';
import { KernelOptions } from '../core/kernel-options.js';
import { writeFileAtomic } from '../core/durable-files.js';
import type { SnapshotEntry } from './snapshot-service.js';
import type { ErasableData } from '../core/erasable-data.js';
import type { TreeListingCache } from './tree-listing-cache.js';

/** `<data-dir>/tree-listings/<repository>/<snapshot id>/<sha-256 of the dir>.json`: one file per listing, so writers never merge. */
@injectable()
export class TreeListingCacheImpl implements TreeListingCache, ErasableData {
  readonly erasableName = 'folder listings';
  private readonly root: string;

  constructor(@inject(KernelOptions) options: KernelOptions) {
    this.root = join(options.dataDir, 'tree-listings');
  }

  private repositoryDir(repository: string): string {
    return join(this.root, encodeURIComponent(repository));
  }

  private file(repository: string, snapshotId: string, dir: string): string {
    return join(this.repositoryDir(repository), snapshotId, `${createHash('sha256').update(dir).digest('hex')}.json`);
  }

  async get(repository: string, snapshotId: string, dir: string): Promise<SnapshotEntry[] | undefined> {
    const text = await readFile(this.file(repository, snapshotId, dir), 'utf8').catch(() => undefined);
    if (text === undefined) return undefined;
    try {
      const stored = JSON.parse(text) as { dir?: unknown; entries?: unknown };
      // A damaged or foreign file is a miss: restic lists the folder again and the file is replaced.
      return stored.dir === dir && Array.isArray(stored.entries) ? (stored.entries as SnapshotEntry[]) : undefined;
    } catch {
      return undefined;
    }
  }

  async put(repository: string, snapshotId: string, dir: string, entries: readonly SnapshotEntry[]): Promise<void> {
    await writeFileAtomic(this.file(repository, snapshotId, dir), JSON.stringify({ dir, entries }), 0o600);
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
