import { readdir, readFile, rm, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../core/durable-files.js';

const SUFFIX = '.tlfi';
const snapshotId = /^[0-9a-f]{64}$/;
const plainName = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** A repository name as a folder name: plain names as they are, anything else (a hand-edited config) hex-encoded. */
function folderOf(repository: string): string {
  return plainName.test(repository) ? repository : `~${Buffer.from(repository, 'utf8').toString('hex')}`;
}

function repositoryOf(folder: string): string {
  return folder.startsWith('~') ? Buffer.from(folder.slice(1), 'hex').toString('utf8') : folder;
}

/**
 * `<data-dir>/file-index/<repository>/<snapshot id>.tlfi`: one file per snapshot, written once (temp file + rename,
 * so a reader never sees half of one) and deleted when restic forgets the snapshot. Nothing here is the only copy of
 * anything: every file can be rebuilt from the repository, so a damaged one is simply indexed again.
 */
export class FileIndexStore {
  constructor(readonly root: string) {}

  private dir(repository: string): string {
    return join(this.root, folderOf(repository));
  }

  private file(repository: string, id: string): string {
    if (!snapshotId.test(id)) throw new Error(`not a snapshot id: ${id}`);
    return join(this.dir(repository), `${id}${SUFFIX}`);
  }

  async repositories(): Promise<string[]> {
    const entries = await readdir(this.root, { withFileTypes: true }).catch(() => []);
    return entries.filter((e) => e.isDirectory()).map((e) => repositoryOf(e.name));
  }

  async snapshotIds(repository: string): Promise<string[]> {
    const names = await readdir(this.dir(repository)).catch(() => [] as string[]);
    return names.filter((n) => n.endsWith(SUFFIX) && snapshotId.test(n.slice(0, -SUFFIX.length))).map((n) => n.slice(0, -SUFFIX.length));
  }

  read(repository: string, id: string): Promise<Buffer> {
    return readFile(this.file(repository, id));
  }

  async write(repository: string, id: string, bytes: Buffer): Promise<void> {
    await writeFileAtomic(this.file(repository, id), bytes);
  }

  async remove(repository: string, id: string): Promise<void> {
    await unlink(this.file(repository, id)).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error;
    });
  }

  removeRepository(repository: string): Promise<void> {
    return rm(this.dir(repository), { recursive: true, force: true });
  }

  async diskBytes(repository: string): Promise<number> {
    let total = 0;
    for (const id of await this.snapshotIds(repository)) total += await stat(this.file(repository, id)).then((s) => s.size, () => 0);
    return total;
  }
}
