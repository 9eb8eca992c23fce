import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { SnapshotEntry } from './snapshot-service.js';

/** `<data-dir>/tree-listings`: see TreeListingCacheImpl. */
export const treeListingsRoot = (dataDir: string): string => join(dataDir, 'tree-listings');

export const treeListingRepositoryDir = (root: string, repository: string): string => join(root, encodeURIComponent(repository));

/** `<root>/<repository>/<snapshot id>/<sha-256 of the dir>.json`: one file per listing, so writers never merge. */
export function treeListingFile(root: string, repository: string, snapshotId: string, dir: string): string {
  return join(treeListingRepositoryDir(root, repository), snapshotId, `${createHash('sha256').update(dir).digest('hex')}.json`);
}

/** The listing of `dir` stored in `file`; a missing, damaged or foreign file is a miss. */
export async function readTreeListing(file: string, dir: string): Promise<SnapshotEntry[] | undefined> {
  const text = await readFile(file, 'utf8').catch(() => undefined);
  if (text === undefined) return undefined;
  try {
    const stored = JSON.parse(text) as { dir?: unknown; entries?: unknown };
    return stored.dir === dir && Array.isArray(stored.entries) ? (stored.entries as SnapshotEntry[]) : undefined;
  } catch {
    return undefined;
  }
}
