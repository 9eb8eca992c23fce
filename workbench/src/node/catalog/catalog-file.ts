import { open, stat } from 'node:fs/promises';
import { writeFileAtomic } from '../core/durable-files.js';

/** `<data-dir>/catalog.sqlite`. */
export const catalogFileName = 'catalog.sqlite';

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

/** Writes the catalog durably (see `writeFileAtomic`) and returns the fingerprint of the version written. */
export async function replaceAtomically(file: string, bytes: Uint8Array): Promise<FileFingerprint> {
  await writeFileAtomic(file, bytes, 0o600);
  return fingerprint(file);
}
