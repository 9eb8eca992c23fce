import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'chai';
import type { PNG } from 'pngjs';
import { pollUntil } from '@timelocker/plugin-api/testing';
import { artifactsDir } from '../browser/support/browser.js';
import { repoRoot } from '../support/cli.js';
import { runningProcessesMentioning, stopProcess } from '../support/processes.js';
import { requireCommand } from '../support/tools.js';
import { VirtualDisplay } from '../support/virtual-display.js';
import { TestWorkspace } from '../support/workspace.js';

/** Whether some row of the screen is mostly the light theme's status-bar colour (#0a58ca): the workbench is drawn. */
function showsStatusBar(png: PNG): boolean {
  for (let y = 0; y < png.height; y++) {
    let hits = 0;
    for (let x = 0; x < png.width; x++) {
      const at = (y * png.width + x) * 4;
      if (png.data[at] === 0x0a && png.data[at + 1] === 0x58 && png.data[at + 2] === 0xca) hits++;
    }
    if (hits > png.width * 0.6) return true;
  }
  return false;
}

/** The token in the launch page's redirect. */
function sessionTokenOf(page: string): string {
  const target = /content="0;url=([^"]+)"/.exec(page)?.[1]?.replace(/&amp;/g, '&');
  return (target && new URL(target).searchParams.get('token')) ?? '';
}

describe('npm run desktop without Electron: the workbench in Chromium\'s app mode, on a real (virtual) X display', function () {
  this.timeout(240_000);

  it('says it falls back, opens its own window with the workbench, and stops the server when asked to quit', async () => {
    const chromium = requireCommand('chromium', 'chromium');
    // Larger than the app window (1280×820), so that all of it is on screen.
    const display = await VirtualDisplay.start(1400, 960);
    const ws = await TestWorkspace.create();
    const profile = join(ws.dataDir, 'desktop-chromium-profile');
    const launchPage = join(profile, 'open-workbench.html');
    let failed = false;
    try {
      // A configured repository: the shell opens directly (no first-run wizard), with its status bar.
      expect((await ws.cli(['privacy', 'accept'])).code).to.equal(0);
      expect((await ws.cli(['repo', 'add', 'home', '--backend', 'local', '--path', join(ws.path, 'repo'), '--password-env', 'TL_DESKTOP_PW'], { env: { TL_DESKTOP_PW: 'desktop test 123' } })).code).to.equal(0);
      const launcher = spawn('npm', ['run', '--silent', 'desktop'], {
        cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'],
        env: {
          ...process.env, DISPLAY: display.display, TIMELOCKER_DESKTOP_SHELL: 'chromium', TIMELOCKER_CHROMIUM: chromium,
          TIMELOCKER_CONFIG: ws.configFile, TIMELOCKER_DATA_DIR: ws.dataDir,
        },
      });
      let out = '';
      launcher.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
      launcher.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
      const exited = new Promise<number | null>((resolve) => launcher.once('exit', resolve));
      try {
        await pollUntil('the fallback notice', async () => (out.includes('app mode') ? true : undefined), 30_000);
        expect(out).to.include('Electron is not installed here: TimeLocker opens in Chromium\'s app mode');
        await pollUntil('a window titled TimeLocker', async () => ((await display.windowTitles()).includes('TimeLocker') ? true : undefined), 90_000);
        // Drawn: the workbench's status bar runs along the bottom of the app window.
        const shot = await pollUntil('the workbench drawn in the window', async () => {
          const png = await display.capture();
          return showsStatusBar(png) ? png : undefined;
        }, 60_000);
        await mkdir(artifactsDir, { recursive: true });
        await display.screenshot(join(artifactsDir, 'desktop-chromium-app-mode.png'));
        expect(shot.width).to.equal(1400);
        expect(await runningProcessesMentioning(profile)).not.to.deep.equal([]);
        // The window was opened with the session token (it is drawn, signed in) but not on any command line.
        const token = sessionTokenOf(await readFile(launchPage, 'utf8'));
        expect(token).to.have.length.above(20);
        expect(await runningProcessesMentioning(token)).to.deep.equal([]);

        launcher.kill('SIGINT');
        expect(await exited).to.equal(0);
        // Quitting ends everything the launcher started: Chromium with every helper writing its profile, the
        // server's plugin host, restic; nothing runs with this data dir any more.
        expect(await runningProcessesMentioning(profile)).to.deep.equal([]);
        expect(await runningProcessesMentioning(`TIMELOCKER_DATA_DIR=${ws.dataDir}`)).to.deep.equal([]);
        expect(await display.windowTitles()).not.to.include('TimeLocker');
        expect(existsSync(launchPage), 'the launch page is removed with its token').to.equal(false);
      } catch (error) {
        failed = true;
        (error as Error).message += `\nwhat npm run desktop printed:\n${out}`;
        throw error;
      } finally {
        await stopProcess(launcher);
      }
    } finally {
      await display.stop();
      // A failed step has already been reported: a profile still being written must not hide it.
      await ws.remove().catch((error: unknown) => { if (!failed) throw error; });
    }
  });
});
