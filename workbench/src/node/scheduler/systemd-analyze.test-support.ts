import { execFileSync } from 'node:child_process';

/** Path of systemd-analyze, or undefined on machines without systemd (tests then skip only that assertion). */
export const systemdAnalyze: string | undefined = (() => {
  try {
    return execFileSync('sh', ['-c', 'command -v systemd-analyze'], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
})();
