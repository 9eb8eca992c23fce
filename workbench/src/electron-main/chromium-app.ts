import { spawn, type ChildProcess } from 'node:child_process';
import { constants } from 'node:fs';
import { access, mkdir, readFile, writeFile } from 'node:fs/promises';
import { delimiter, join } from 'node:path';

/** Where Debian/Ubuntu and Google put the browser; `TIMELOCKER_CHROMIUM` names another. */
const CANDIDATES = ['chromium', 'chromium-browser', 'google-chrome-stable', 'google-chrome'];

export async function findChromium(env: NodeJS.ProcessEnv = process.env): Promise<string | undefined> {
  const named = env['TIMELOCKER_CHROMIUM'];
  if (named) return named;
  for (const dir of (env['PATH'] ?? '').split(delimiter).filter(Boolean)) {
    for (const name of CANDIDATES) {
      const path = join(dir, name);
      if (await access(path, constants.X_OK).then(() => true, () => false)) return path;
    }
  }
  return undefined;
}

/**
 * Chromium's app mode: the workbench in a window of its own (no tabs, no address bar), with a profile of its own so
 * it neither mixes with the user's browsing nor needs their browser to be closed. Running as root (containers)
 * Chromium insists on --no-sandbox.
 */
export function chromiumAppArgs(url: string, profileDir: string, root = process.getuid?.() === 0): string[] {
  return [
    `--app=${url}`, `--user-data-dir=${profileDir}`, '--class=TimeLocker', '--window-size=1280,820',
    '--no-first-run', '--no-default-browser-check', '--disable-sync', '--disable-background-networking',
    ...(root ? ['--no-sandbox'] : []),
  ];
}

interface RunningDesktop {
  readonly pid: number;
  readonly url: string;
}

const RUNNING_FILE = 'timelocker-desktop.json';

/** The other launcher using this profile, if it is still alive: its window is shown instead of starting a second server. */
export async function runningDesktop(profileDir: string): Promise<RunningDesktop | undefined> {
  const text = await readFile(join(profileDir, RUNNING_FILE), 'utf8').catch(() => undefined);
  if (!text) return undefined;
  const running = JSON.parse(text) as RunningDesktop;
  try {
    process.kill(running.pid, 0);
    return running;
  } catch {
    return undefined;
  }
}

export async function recordRunningDesktop(profileDir: string, url: string): Promise<void> {
  await mkdir(profileDir, { recursive: true, mode: 0o700 });
  await writeFile(join(profileDir, RUNNING_FILE), JSON.stringify({ pid: process.pid, url } satisfies RunningDesktop), { mode: 0o600 });
}

export function openAppWindow(chromium: string, url: string, profileDir: string): ChildProcess {
  return spawn(chromium, chromiumAppArgs(url, profileDir), { stdio: 'ignore' });
}
