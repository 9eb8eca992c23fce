import { chmod, mkdir, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { TimeLockerError } from '@timelocker/plugin-api';
import { fileSystemErrorKind, fileSystemProblem, whyNotWritable } from './path-writability.js';

/**
 * Makes the data dir, or keeps it, enterable by its owner only: it holds every file name of every snapshot (the file
 * index, folder listings), job logs and the catalog, and what is made inside it keeps the process's umask. Answers
 * the mode a data dir readable by others had before it was made private. A data dir this user cannot write is
 * refused here, before any part of the kernel fails on it with a message about some file inside.
 */
export async function ensurePrivateDataDir(dir: string): Promise<number | undefined> {
  try {
    return await makePrivate(dir);
  } catch (error) {
    if (error instanceof TimeLockerError) throw error;
    // The error names whatever mkdir tripped over (ENOENT on a read-only file system); the path says what is wrong.
    const problem = (await whyNotWritable(dir).catch(() => undefined)) ?? fileSystemProblem(error);
    if (problem === undefined) throw error;
    throw unusableDataDir(dir, problem, fileSystemErrorKind(error), error);
  }
}

async function makePrivate(dir: string): Promise<number | undefined> {
  await mkdir(dirname(dir), { recursive: true });
  await mkdir(dir, { mode: 0o700 }).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'EEXIST') throw error;
  });
  const { mode, uid } = await stat(dir);
  const problem = await whyNotWritable(dir);
  if (problem !== undefined) throw unusableDataDir(dir, problem, 'config');
  // A folder of another user (a shared mount, root's) is not this process's to change.
  if ((mode & 0o077) === 0 || uid !== process.getuid?.()) return undefined;
  await chmod(dir, mode & 0o700);
  return mode & 0o777;
}

function unusableDataDir(dir: string, problem: string, kind: TimeLockerError['kind'], cause?: unknown): TimeLockerError {
  const remedy = kind === 'unavailable' ? 'Free some space and try again' : 'Point --data-dir or TIMELOCKER_DATA_DIR at a folder this user may write';
  return new TimeLockerError(kind, `The data dir ${dir} ${problem}. ${remedy}.`, { cause });
}
