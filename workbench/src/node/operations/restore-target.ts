import { lstat, mkdir, realpath } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { TimeLockerError, UsageError } from '../core/errors.js';

function within(path: string, root: string): string | undefined {
  const rest = relative(root, path);
  return rest === '..' || rest.startsWith(`..${sep}`) || isAbsolute(rest) ? undefined : rest;
}

/**
 * Where a confined caller (an API token below admin) restores: into one of `roots` or a folder below it, with no
 * symbolic link between the root and the target (a link could lead anywhere). Returns the target as it lies on
 * disk, or undefined when it is under none of the roots. The roots are created when missing.
 */
export async function confinedTarget(target: string, roots: readonly string[]): Promise<string | undefined> {
  const wanted = resolve(target);
  for (const root of roots) {
    await mkdir(root, { recursive: true });
    const real = await realpath(root);
    for (const base of new Set([resolve(root), real])) {
      const rest = within(wanted, base);
      if (rest === undefined) continue;
      let current = base;
      for (const part of rest.split(sep).filter(Boolean)) {
        current = join(current, part);
        const stats = await lstat(current).catch(() => undefined);
        // What does not exist yet is created as real folders.
        if (!stats) break;
        if (stats.isSymbolicLink()) {
          throw new TimeLockerError('forbidden', `Restore target "${target}" goes through the symbolic link ${current}; a restore never follows links. Choose a folder without links under ${root}.`);
        }
        if (!stats.isDirectory()) throw new UsageError(`Restore target "${target}": ${current} is not a folder.`);
      }
      return join(real, rest);
    }
  }
  return undefined;
}
