import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startWorkbenchServer } from '../node/workbench-server.js';
import { resolveKernelOptions } from '../node/kernel-paths.js';
import { removeLaunchPage, writeLaunchPage } from './launch-page.js';
import { closeAppWindow, findChromium, openAppWindow, recordRunningDesktop, runningDesktop } from './chromium-app.js';

/**
 * `npm run desktop`: the Electron shell when Electron is installed; otherwise the same workbench in Chromium's app
 * mode (its own window and profile), said plainly. `TIMELOCKER_DESKTOP_SHELL=chromium` picks the fallback anyway.
 */

const workbenchDir = fileURLToPath(new URL('../..', import.meta.url));

async function electronBinary(): Promise<string | undefined> {
  if (process.env['TIMELOCKER_DESKTOP_SHELL'] === 'chromium') return undefined;
  // The electron package exports the path of its binary; the binary itself is downloaded at install time and may be missing.
  const path = await import('electron' as string).then((m: { default?: unknown }) => m.default, () => undefined);
  return typeof path === 'string' && existsSync(path) ? path : undefined;
}

function exitWith(child: ReturnType<typeof spawn>): void {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => child.kill(signal));
  child.once('exit', (code) => process.exit(code ?? 0));
}

const electron = await electronBinary();
if (electron) {
  exitWith(spawn(electron, [workbenchDir], { stdio: 'inherit' }));
} else {
  const chromium = await findChromium();
  if (!chromium) {
    process.stderr.write('Neither Electron nor Chromium is installed. Install Chromium (Debian/Ubuntu: apt-get install chromium), or run `timelocker serve` and open its address in any browser.\n');
    process.exit(1);
  }
  const options = resolveKernelOptions({ actor: 'desktop' });
  const profile = join(options.dataDir, 'desktop-chromium-profile');
  const other = await runningDesktop(profile);
  if (other) {
    process.stdout.write('TimeLocker is already open: showing its window.\n');
    openAppWindow(chromium, other.url, profile).unref();
    process.exit(0);
  }
  process.stdout.write(`Electron is not installed here: TimeLocker opens in Chromium's app mode (${chromium}, its own window and profile) instead.\n`);
  const server = await startWorkbenchServer(options, { host: '127.0.0.1', port: 0 });
  const launchPage = join(profile, 'open-workbench.html');
  const launchUrl = await writeLaunchPage(launchPage, server.openUrl);
  await recordRunningDesktop(profile, launchUrl);
  const window = openAppWindow(chromium, launchUrl, profile);
  let closing = false;
  const close = async (): Promise<void> => {
    if (closing) return;
    closing = true;
    // Closing the window is quitting the app: running jobs stop cleanly (SIGINT to restic), as in the Electron shell.
    // Nothing this launcher started may outlive it: it exits when the browser and the server have both ended.
    const ended = await Promise.allSettled([
      closeAppWindow(window),
      server.stop({ cancelJobs: process.env['TIMELOCKER_KEEP_JOBS_ON_CLOSE'] !== '1' }).then(() => removeLaunchPage(launchPage)),
    ]);
    const failures = ended.flatMap((result) => (result.status === 'rejected' ? [(result.reason as Error).message] : []));
    for (const message of failures) process.stderr.write(`Quitting TimeLocker: ${message}\n`);
    process.exit(failures.length > 0 ? 1 : 0);
  };
  window.once('exit', () => void close());
  window.once('error', (error) => {
    process.stderr.write(`Could not start ${chromium}: ${error.message}\n`);
    void close();
  });
  process.once('SIGINT', () => void close());
  process.once('SIGTERM', () => void close());
}
