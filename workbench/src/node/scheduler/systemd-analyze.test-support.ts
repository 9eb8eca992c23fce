import { execFileSync } from 'node:child_process';

/**
 * Path of systemd-analyze. npm test's set-up installs it (Debian package systemd), so a missing one fails the test
 * with the install hint instead of skipping the assertion.
 */
export function systemdAnalyze(): string {
  try {
    const path = execFileSync('sh', ['-c', 'command -v systemd-analyze'], { encoding: 'utf8' }).trim();
    if (path) return path;
  } catch {
    // Not found: reported below.
  }
  throw new Error('systemd-analyze is not installed: apt-get install -y systemd (bash workbench/scripts/setup.sh does this as root)');
}
