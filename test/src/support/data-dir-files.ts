import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';

/**
 * Files under the data dir (catalog, its copies, job and audit history, job output, logs) that contain `secret`,
 * relative to it: a test expects none.
 */
export async function filesContaining(dataDir: string, secret: string): Promise<string[]> {
  const needle = Buffer.from(secret);
  const found: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) await walk(path);
      else if (entry.isFile() && (await readFile(path)).includes(needle)) found.push(relative(dataDir, path));
    }
  };
  await walk(dataDir);
  return found;
}
