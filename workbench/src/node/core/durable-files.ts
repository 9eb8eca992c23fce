import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { copyFile, mkdir, open, readdir, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

const TEMP_SUFFIX = '.tmp';

/** A fresh temp file name beside `file`: hidden, unique per process and call, recognisable by `removeLeftoverTempFiles`. */
function tempFileFor(file: string): string {
  return join(dirname(file), `.${basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}${TEMP_SUFFIX}`);
}

/**
 * Replaces `file` with `data` so that readers see either the old or the new content, never a torn write, and a
 * crash leaves one of the two: temp file in the same directory, fsync, rename, then fsync of the directory. An
 * existing file keeps its mode; a new one gets `newFileMode`.
 */
export async function writeFileAtomic(file: string, data: string | Uint8Array, newFileMode = 0o644): Promise<void> {
  await replaceDurably(file, newFileMode, async (temp, mode) => {
    const handle = await open(temp, constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY, mode);
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
  });
}

/** Replaces `file` with a copy of `source`, as durably as `writeFileAtomic` (for files too large to hold in memory). */
export async function copyFileAtomic(source: string, file: string, newFileMode = 0o644): Promise<void> {
  await replaceDurably(file, newFileMode, async (temp, mode) => {
    await copyFile(source, temp, constants.COPYFILE_EXCL);
    const handle = await open(temp, constants.O_RDWR);
    try {
      await handle.chmod(mode);
      await handle.sync();
    } finally {
      await handle.close();
    }
  });
}

async function replaceDurably(file: string, newFileMode: number, fill: (temp: string, mode: number) => Promise<void>): Promise<void> {
  const dir = dirname(file);
  await mkdir(dir, { recursive: true });
  const mode = await stat(file).then((s) => s.mode & 0o7777, () => newFileMode);
  const temp = tempFileFor(file);
  try {
    await fill(temp, mode);
    await rename(temp, file);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
  await syncDirectory(dir);
}

/** Temp files of `file` left by writers that died before their rename; call only when no one else writes `file`. */
export async function removeLeftoverTempFiles(file: string): Promise<void> {
  const prefix = `.${basename(file)}.`;
  const dir = dirname(file);
  for (const name of await readdir(dir).catch(() => [] as string[])) {
    if (name.startsWith(prefix) && name.endsWith(TEMP_SUFFIX)) await unlink(join(dir, name)).catch(() => undefined);
  }
}

/** Makes renames, creations and removals in `dir` durable; some file systems refuse fsync on directories, which is harmless. */
export async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, constants.O_RDONLY).catch(() => undefined);
  if (!handle) return;
  await handle.sync().catch(() => undefined);
  await handle.close();
}
