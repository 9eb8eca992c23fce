import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';

/**
 * Path of a command the suite needs. npm test's set-up installs every one of them, so a missing one fails the test
 * with the install hint instead of silently skipping what it would prove.
 */
export function requireCommand(command: string, debianPackage: string): string {
  try {
    const path = execFileSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' }).trim();
    if (path) return path;
  } catch {
    // Not found: reported below.
  }
  throw new Error(`${command} is not installed: apt-get install -y ${debianPackage} (bash workbench/scripts/setup.sh does this as root)`);
}

/** A process is gone when it no longer exists or is only a zombie waiting for its (adoptive) parent to reap it. */
export async function processGone(pid: number): Promise<boolean> {
  try {
    process.kill(pid, 0);
  } catch {
    return true;
  }
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
  return /\) Z /.test(stat);
}
