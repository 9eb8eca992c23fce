import { lstat } from 'node:fs/promises';
import { join } from 'node:path';
import type { ResticNode } from '../restic/restic-json.js';

export interface RestoreMismatch {
  /** The path as the snapshot records it. */
  readonly path: string;
  readonly problem: string;
}

const permissionBits = 0o777;
const goModeDir = 2 ** 31;
const goModeSymlink = 2 ** 27;

function expectedType(node: ResticNode): 'file' | 'dir' | 'symlink' | undefined {
  if (node.type === 'file' || node.type === 'dir' || node.type === 'symlink') return node.type;
  return undefined;
}

/**
 * Compares what a restore wrote under `targetDir` with the snapshot's listing: every entry must exist with its
 * type, files with their recorded size, files and folders with their recorded permission bits.
 */
export async function verifyRestoredTree(nodes: readonly ResticNode[], targetDir: string): Promise<RestoreMismatch[]> {
  const mismatches: RestoreMismatch[] = [];
  for (const node of nodes) {
    const type = expectedType(node);
    if (!type) continue;
    const stats = await lstat(join(targetDir, node.path)).catch(() => undefined);
    if (!stats) {
      mismatches.push({ path: node.path, problem: `missing (a ${type} in the snapshot)` });
      continue;
    }
    const actual = stats.isSymbolicLink() ? 'symlink' : stats.isDirectory() ? 'dir' : stats.isFile() ? 'file' : 'other';
    if (actual !== type) {
      mismatches.push({ path: node.path, problem: `is a ${actual}, the snapshot has a ${type}` });
      continue;
    }
    if (type === 'file' && node.size !== undefined && stats.size !== node.size) {
      mismatches.push({ path: node.path, problem: `size ${stats.size} bytes, the snapshot records ${node.size}` });
    }
    if (type !== 'symlink' && node.mode !== undefined) {
      // restic stores Go's FileMode: permission bits low, type bits (dir, symlink …) high.
      const recorded = (node.mode & ~(goModeDir | goModeSymlink)) & permissionBits;
      const restored = stats.mode & permissionBits;
      if (recorded !== restored) mismatches.push({ path: node.path, problem: `mode ${restored.toString(8)}, the snapshot records ${recorded.toString(8)}` });
    }
  }
  return mismatches;
}

export function describeMismatches(mismatches: readonly RestoreMismatch[], limit = 20): string {
  const shown = mismatches.slice(0, limit).map((m) => `${m.path}: ${m.problem}`);
  const more = mismatches.length > limit ? `; and ${mismatches.length - limit} more` : '';
  return `restore verification failed for ${mismatches.length} path(s): ${shown.join('; ')}${more}`;
}
