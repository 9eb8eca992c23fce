import { spawn } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'chai';
import type { PNG } from 'pngjs';
import { pollUntil } from '@timelocker/plugin-api/testing';
import { artifactsDir } from '../browser/support/browser.js';
import { repoRoot } from '../support/cli.js';
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

describe('npm run desktop without Electron: the workbench in Chromium\'s app mode, on a real (virtual) X display', function () {
  this.timeout(240_000);

  it('says it falls back, opens its own window with the workbench, and stops the server when asked to quit', async () => {
    const chromium = requireCommand('chromium', 'chromium');
    // Larger than the app window (1280×820), so that all of it is on screen.
    const display = await VirtualDisplay.start(1400, 960);
    const ws = await TestWorkspace.create();
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

      launcher.kill('SIGINT');
      expect(await exited).to.equal(0);
      expect(await display.windowTitles()).not.to.include('TimeLocker');
    } finally {
      await ws.remove();
      await display.stop();
    }
  });
});
