import { chmod, lstat, mkdir, mkdtemp, readdir, rename, rm, unlink, utimes } from 'node:fs/promises';
import { join } from 'node:path';

/** What moving a staged restore into its target did. Paths are relative to the target. */
export interface Placement {
  /** Entries restic wrote at the top of the staging folder; 0 means nothing was restored. */
  readonly restoredEntries: number;
  /** Files and links in the target that were replaced (a link is replaced itself, never what it points to). */
  readonly overwritten: readonly string[];
  /** Left as they were: a folder where the snapshot has a file, or a file where it has a folder. */
  readonly conflicts: readonly string[];
}

const stagingPrefix = '.timelocker-restore-';

/**
 * Moves `from` into `to` entry by entry without following any link in `to`: a folder that exists as a real folder is
 * merged into; anything else is replaced by rename, which replaces a link itself. A staged folder is made writable
 * first, so entries can be moved out of it even when the snapshot recorded it read-only.
 */
async function moveInto(from: string, to: string, relative: string, overwritten: string[], conflicts: string[]): Promise<void> {
  for (const entry of await readdir(from, { withFileTypes: true })) {
    const source = join(from, entry.name);
    const destination = join(to, entry.name);
    const shown = join(relative, entry.name);
    const existing = await lstat(destination).catch(() => undefined);
    if (entry.isDirectory() && existing?.isDirectory()) {
      const staged = await lstat(source);
      await chmod(source, staged.mode | 0o700);
      await moveInto(source, destination, shown, overwritten, conflicts);
      // The folder keeps what the snapshot recorded, where the file system lets this user set it.
      await chmod(destination, staged.mode & 0o7777).catch(() => undefined);
      await utimes(destination, staged.atime, staged.mtime).catch(() => undefined);
      continue;
    }
    if (existing && !existing.isSymbolicLink() && (existing.isDirectory() || entry.isDirectory())) {
      conflicts.push(shown);
      continue;
    }
    if (existing) {
      overwritten.push(shown);
      // rename() cannot put a folder where a link is: the link goes first (the link, not what it points to).
      if (entry.isDirectory()) await unlink(destination);
    }
    await rename(source, destination);
  }
}

/**
 * The deepest real folder (no link on the way) that the restored `paths` share under `target`: the staging folder
 * goes there, so it lies on the file system the files are moved to, and restoring to the original location
 * (target `/`) needs no right to write into `/`.
 */
async function stagingParent(target: string, paths: readonly string[]): Promise<string> {
  const [first = [], ...others] = paths.map((path) => path.split('/').filter(Boolean));
  let shared = first;
  for (const parts of others) {
    const differs = shared.findIndex((part, i) => parts[i] !== part);
    if (differs >= 0) shared = shared.slice(0, differs);
  }
  let parent = target;
  for (const part of shared) {
    const next = join(parent, part);
    if (!(await lstat(next).catch(() => undefined))?.isDirectory()) break;
    parent = next;
  }
  return parent;
}

/**
 * Restores into a fresh folder made inside `target`, beside where `paths` (as the snapshot stores them) land
 * (restic never meets an existing entry, so it never writes through a link in the target), then moves the result
 * into place entry by entry. The staging folder is removed in any case; `onLeftover` hears when that fails.
 */
export async function restoreThroughStaging<T>(
  target: string,
  paths: readonly string[],
  restore: (stagingDir: string) => Promise<T>,
  onLeftover: (stagingDir: string, error: Error) => void,
): Promise<{ readonly outcome: T; readonly placement: Placement }> {
  await mkdir(target, { recursive: true });
  const staging = await mkdtemp(join(await stagingParent(target, paths), stagingPrefix));
  try {
    const outcome = await restore(staging);
    const restoredEntries = (await readdir(staging)).length;
    const overwritten: string[] = [];
    const conflicts: string[] = [];
    await moveInto(staging, target, '', overwritten, conflicts);
    return { outcome, placement: { restoredEntries, overwritten, conflicts } };
  } finally {
    await rm(staging, { recursive: true, force: true }).catch((error: Error) => onLeftover(staging, error));
  }
}
