import { dirname } from 'node:path';
import { TimeLockerError } from '@timelocker/plugin-api';
import { fileSystemErrorKind, fileSystemProblem, whyNotWritable } from '../core/path-writability.js';

/** Reading the config file failed: what is wrong with it and which setting to fix; an error not about the file as it is. */
export function unreadableConfig(file: string, error: unknown): unknown {
  const code = (error as NodeJS.ErrnoException).code;
  const problem = code === 'EACCES' || code === 'EPERM' ? 'may not be read by this user' : fileSystemProblem(error);
  if (problem === undefined) return error;
  return new TimeLockerError('config', `The config file ${file} ${problem}. Point --config or TIMELOCKER_CONFIG at a file this user may read (one that does not exist yet is created on the first change).`, { cause: error });
}

/** Locking or writing the config file failed: why its folder takes no change, and what to do; other errors as they are. */
export async function unwritableConfig(file: string, error: unknown): Promise<unknown> {
  if (error instanceof TimeLockerError) return error;
  const folder = dirname(file);
  // The error names the lock or temp file; the folder says what is wrong (and mkdir's ENOENT can mean read-only).
  const problem = (await whyNotWritable(folder).catch(() => undefined)) ?? fileSystemProblem(error);
  if (problem === undefined) return error;
  const kind = fileSystemErrorKind(error);
  const remedy = kind === 'unavailable' ? 'Free some space and try again' : 'Make it writable, or point --config or TIMELOCKER_CONFIG at a file in a folder this user may write';
  return new TimeLockerError(kind, `The config file ${file} cannot be changed: its folder ${folder} ${problem}. ${remedy}; nothing was changed.`, { cause: error });
}
