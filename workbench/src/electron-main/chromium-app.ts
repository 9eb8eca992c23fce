import { spawn, type ChildProcess } from 'node:child_process';
import { constants } from 'node:fs';
import { access, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';

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

/** The app window's browser, in a process group of its own: its helpers (GPU, network, renderers) can be ended with it. */
export function openAppWindow(chromium: string, url: string, profileDir: string): ChildProcess {
  return spawn(chromium, chromiumAppArgs(url, profileDir), { stdio: 'ignore', detached: true });
}

/**
 * Ends the app window's browser and every helper in its process group, and resolves only when none of them runs any
 * more: until then they still write the profile (its disk cache, its lock), and a window opened next would be handed
 * to the browser that is going away. SIGKILL for what is left after `graceMs`.
 */
export async function closeAppWindow(window: ChildProcess, graceMs = 10_000): Promise<void> {
  const group = window.pid;
  if (group === undefined) return;
  signalGroup(group, 'SIGTERM');
  if (await groupEnds(group, graceMs)) return;
  signalGroup(group, 'SIGKILL');
  if (!(await groupEnds(group, 2_000))) throw new Error(`Chromium (process group ${group}) did not end, even after SIGKILL`);
}

function signalGroup(group: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-group, signal);
  } catch {
    // Nothing is left in the group.
  }
}

async function groupEnds(group: number, withinMs: number): Promise<boolean> {
  const deadline = Date.now() + withinMs;
  while ((await liveMembers(group)) > 0) {
    if (Date.now() > deadline) return false;
    await delay(50);
  }
  return true;
}

/** Processes of the group that still run: a zombie has ended, whether or not a parent has reaped it yet. */
async function liveMembers(group: number): Promise<number> {
  let live = 0;
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '');
    // proc(5): after the command's closing parenthesis come state (field 3), ppid (4) and pgrp (5).
    const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(pgrp) === group && state !== 'Z') live++;
  }
  return live;
}
