import { chmod, mkdir, stat } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * Makes the data dir, or keeps it, enterable by its owner only: it holds every file name of every snapshot (the file
 * index, folder listings), job logs and the catalog, and what is made inside it keeps the process's umask. Answers
 * the mode a data dir readable by others had before it was made private.
 */
export async function ensurePrivateDataDir(dir: string): Promise<number | undefined> {
  await mkdir(dirname(dir), { recursive: true });
  await mkdir(dir, { mode: 0o700 }).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'EEXIST') throw error;
  });
  const { mode, uid } = await stat(dir);
  // A folder of another user (a shared mount, root's) is not this process's to change.
  if ((mode & 0o077) === 0 || uid !== process.getuid?.()) return undefined;
  await chmod(dir, mode & 0o700);
  return mode & 0o777;
}
