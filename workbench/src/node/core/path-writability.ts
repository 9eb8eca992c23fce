import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { ErrorKind } from './errors.js';

/** What a file system error code means for a path TimeLocker wants to use, in words that follow the path's name. */
const codePhrases: Readonly<Record<string, string>> = {
  EROFS: 'is on a read-only file system',
  EACCES: 'may not be written by this user',
  EPERM: 'may not be written by this user',
  ENOSPC: 'is on a full disk',
  EDQUOT: 'is on a disk where this user has used up the quota',
  EISDIR: 'is a folder, not a file',
  ENOTDIR: 'lies below a file, not a folder',
};

/** The phrase for an error's code, or undefined for an error that is not about the path (a bug keeps its stack). */
export function fileSystemProblem(error: unknown): string | undefined {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === undefined ? undefined : codePhrases[code];
}

/** A full disk passes once space is freed: not the caller's mistake (exit 1, HTTP 503); the rest are setup to fix. */
export function fileSystemErrorKind(error: unknown): ErrorKind {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === 'ENOSPC' || code === 'EDQUOT' ? 'unavailable' : 'config';
}

/**
 * Why the folder `path` (existing or still to be made) cannot be written, in words that follow its name, or undefined
 * when nothing is in the way. Looks at the nearest part of the path that exists, because a failed mkdir names the
 * wrong thing: Node's recursive mkdir answers ENOENT on a read-only file system.
 */
export async function whyNotWritable(path: string): Promise<string | undefined> {
  for (let current = path; ; current = dirname(current)) {
    const stats = await stat(current).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT' || error.code === 'ENOTDIR') return undefined;
      if (error.code === 'EACCES') return 'unreachable' as const;
      throw error;
    });
    if (stats === 'unreachable') return `cannot be reached: this user may not enter ${dirname(current)}`;
    if (stats === undefined) {
      if (dirname(current) === current) return undefined;
      continue;
    }
    if (!stats.isDirectory()) return current === path ? 'is a file, not a folder' : `lies below ${current}, which is a file, not a folder`;
    const denied = await access(current, constants.W_OK).then(() => undefined, (error: unknown) => error);
    if (denied === undefined) return undefined;
    const problem = fileSystemProblem(denied);
    if (problem === undefined) throw denied;
    // What is made below a read-only folder is on the same file system.
    return current === path || (denied as NodeJS.ErrnoException).code === 'EROFS' ? problem : `cannot be made: ${current} ${problem}`;
  }
}
