import { constants } from 'node:fs';
import { mkdir, open, stat, unlink } from 'node:fs/promises';
import { dirname, isAbsolute } from 'node:path';
import { OperationError, UsageError } from '../core/errors.js';

/** Group and other permission bits: a secret file must have none of them. */
const SHARED_BITS = 0o077;

/**
 * Writes `value` to a new file that only this user can read (0600, parent folder created 0700), for machines
 * without a keyring. Never replaces an existing file: that could be someone else's secret.
 */
export async function createSecretFile(file: string, value: string): Promise<void> {
  if (!isAbsolute(file)) throw new UsageError(`The password file must be an absolute path, not "${file}".`);
  await mkdir(dirname(file), { recursive: true, mode: 0o700 });
  let handle;
  try {
    handle = await open(file, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
      throw new UsageError(`The password file ${file} already exists: choose another path, or use it as it is ("password": { "file": "${file}" }).`);
    }
    throw new OperationError(`Could not create the password file ${file}: ${(error as Error).message}`);
  }
  try {
    await handle.writeFile(`${value}\n`);
    await handle.sync();
  } catch (error) {
    await unlink(file).catch(() => undefined);
    throw new OperationError(`Could not write the password file ${file}: ${(error as Error).message}`);
  } finally {
    await handle.close();
  }
}

/** An existing password file must be a regular file of this user that nobody else can read. */
export async function assertPrivateSecretFile(file: string): Promise<void> {
  if (!isAbsolute(file)) throw new UsageError(`The password file must be an absolute path, not "${file}".`);
  const info = await stat(file).catch(() => undefined);
  if (!info?.isFile()) throw new UsageError(`The password file ${file} does not exist or is not a file: create it first (one line, the password), then \`chmod 600 ${file}\`.`);
  if ((info.mode & SHARED_BITS) !== 0) {
    throw new UsageError(`The password file ${file} can be read by other users (mode ${(info.mode & 0o777).toString(8)}): restrict it with \`chmod 600 ${file}\` and try again.`);
  }
  if (process.getuid && info.uid !== process.getuid()) {
    throw new UsageError(`The password file ${file} belongs to another user (uid ${info.uid}): use a file of your own.`);
  }
}
