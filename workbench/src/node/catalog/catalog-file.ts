import { randomBytes } from 'node:crypto';
import { open, readdir, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { syncDirectory } from '../core/durable-files.js';

/** Identifies one version of the catalog file; every committed write replaces the file, so any change shows here. */
export type FileFingerprint = string;

const MISSING: FileFingerprint = 'missing';

interface StatLike {
  readonly ino: number;
  readonly size: number;
  readonly mtimeMs: number;
  readonly ctimeMs: number;
}

function fingerprintOf(stats: StatLike): FileFingerprint {
  return `${stats.ino}:${stats.size}:${stats.mtimeMs}:${stats.ctimeMs}`;
}

function isMissing(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
}

export async function fingerprint(file: string): Promise<FileFingerprint> {
  try {
    return fingerprintOf(await stat(file));
  } catch (error) {
    if (isMissing(error)) return MISSING;
    throw error;
  }
}

/**
 * Reads the file and the fingerprint of exactly the version read: stat and read go through one handle, so a writer
 * renaming a new version in between cannot pair old bytes with a new fingerprint.
 */
export async function readVersion(file: string): Promise<{ bytes?: Uint8Array; fingerprint: FileFingerprint }> {
  let handle;
  try {
    handle = await open(file, 'r');
  } catch (error) {
    if (isMissing(error)) return { fingerprint: MISSING };
    throw error;
  }
  try {
    const stats = await handle.stat();
    const bytes = await handle.readFile();
    return { bytes, fingerprint: fingerprintOf(stats) };
  } finally {
    await handle.close();
  }
}

const tempSuffix = '.tmp';

/** temp file in the same dir + fsync + rename + fsync of the dir: after a crash the file is either old or new, whole. */
export async function replaceAtomically(file: string, bytes: Uint8Array): Promise<FileFingerprint> {
  const dir = dirname(file);
  const temp = join(dir, `${basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}${tempSuffix}`);
  try {
    const handle = await open(temp, 'w', 0o600);
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, file);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
  await syncDirectory(dir);
  return fingerprint(file);
}

/** Temp files left by writers that died before their rename; only safe to call while holding the catalog lock. */
export async function removeLeftoverTempFiles(file: string): Promise<void> {
  const prefix = `${basename(file)}.`;
  const dir = dirname(file);
  for (const name of await readdir(dir)) {
    if (name.startsWith(prefix) && name.endsWith(tempSuffix)) await unlink(join(dir, name)).catch(() => undefined);
  }
}
