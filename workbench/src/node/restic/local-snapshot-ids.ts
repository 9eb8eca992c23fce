import { readdir } from 'node:fs/promises';
import { join } from 'node:path';

export const snapshotIdPattern = /^[0-9a-f]{64}$/;

/** The folder of a repository restic reads from the local file system (`/abs/dir` or `local:/abs/dir`). */
function localRepositoryPath(repository: string): string | undefined {
  const path = repository.startsWith('local:') ? repository.slice('local:'.length) : repository;
  return path.startsWith('/') ? path : undefined;
}

/**
 * The snapshot ids of a local repository, read from its snapshots/ folder (a snapshot's id is the name of its file);
 * undefined for a repository that is not local, or a folder that cannot be read (left to restic to explain).
 */
export async function localSnapshotIds(repository: string): Promise<string[] | undefined> {
  const local = localRepositoryPath(repository);
  const names = local === undefined ? undefined : await readdir(join(local, 'snapshots')).catch(() => undefined);
  return names?.filter((name) => snapshotIdPattern.test(name));
}
