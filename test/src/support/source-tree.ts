import { createHash } from 'node:crypto';
import { lstat, mkdir, readdir, readFile, readlink, symlink, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';

/** A small tree with the cases backups get wrong: nesting, empty files, unicode and spaces, a symlink, excludable files. */
export async function makeSourceTree(root: string): Promise<void> {
  await mkdir(join(root, 'docs', 'deep', 'deeper'), { recursive: true });
  await mkdir(join(root, 'naïve dir ✓'), { recursive: true });
  await writeFile(join(root, 'docs', 'report.txt'), 'quarterly numbers\n'.repeat(200));
  await writeFile(join(root, 'docs', 'deep', 'deeper', 'leaf.bin'), Buffer.from(Array.from({ length: 70_000 }, (_, i) => (i * 31) % 256)));
  await writeFile(join(root, 'docs', 'empty.txt'), '');
  await writeFile(join(root, 'naïve dir ✓', 'ünïcödé file.md'), '# héllo wörld\n');
  await writeFile(join(root, 'scratch.tmp'), 'temporary, must be excluded\n');
  await writeFile(join(root, 'docs', 'cache.tmp'), 'also excluded\n');
  await symlink('docs/report.txt', join(root, 'link-to-report'));
}

export interface TreeEntry {
  readonly type: 'file' | 'dir' | 'symlink';
  readonly digest?: string;
  readonly target?: string;
}

/** Relative path → type and content digest (or link target) for every entry under `root`. */
export async function describeTree(root: string): Promise<Map<string, TreeEntry>> {
  const entries = new Map<string, TreeEntry>();
  async function walk(dir: string): Promise<void> {
    for (const name of await readdir(dir)) {
      const path = join(dir, name);
      const rel = relative(root, path);
      const info = await lstat(path);
      if (info.isSymbolicLink()) entries.set(rel, { type: 'symlink', target: await readlink(path) });
      else if (info.isDirectory()) {
        entries.set(rel, { type: 'dir' });
        await walk(path);
      } else entries.set(rel, { type: 'file', digest: createHash('sha256').update(await readFile(path)).digest('hex') });
    }
  }
  await walk(root);
  return entries;
}
