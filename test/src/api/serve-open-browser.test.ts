import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'chai';
import { pollUntil } from '@timelocker/plugin-api/testing';
import { TestBrowser } from '../browser/support/browser.js';
import { runningProcessesMentioning } from '../support/processes.js';
import { TestWorkspace } from '../support/workspace.js';

/**
 * `timelocker serve` opens the workbench with the desktop's opener (xdg-open), which starts the user's browser with
 * that address on its command line, readable by every user of the machine: it must not carry the session token.
 * xdg-open is replaced by a script that records its arguments; the recorded address is then opened in real Chromium.
 */
describe('timelocker serve opens the browser with a one-time launch link, never the session token', function () {
  this.timeout(120_000);
  let ws: TestWorkspace;
  let browser: TestBrowser | undefined;
  before(async () => (ws = await TestWorkspace.create()));
  after(async () => {
    await browser?.close();
    await ws?.remove();
  });

  it('the link signs the browser in once; used again it opens nothing', async () => {
    const bin = join(ws.path, 'bin');
    const recorded = join(ws.path, 'xdg-open-args');
    await mkdir(bin);
    await writeFile(join(bin, 'xdg-open'), `#!/bin/sh\nprintf '%s\\n' "$@" > '${recorded}.tmp' && mv '${recorded}.tmp' '${recorded}'\n`);
    await chmod(join(bin, 'xdg-open'), 0o755);
    const running = ws.spawn(['serve', '--port', '0'], { env: { PATH: `${bin}:${process.env['PATH']}`, DISPLAY: ':404' } });
    let out = '';
    running.child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
    try {
      const openUrl = await pollUntil('the printed address', async () => /TimeLocker workbench: (\S+)/.exec(out)?.[1], 30_000);
      const token = new URL(openUrl).searchParams.get('token')!;
      const args = (await pollUntil('xdg-open called', () => readFile(recorded, 'utf8').catch(() => undefined), 30_000)).trim().split('\n');
      expect(args).to.have.length(1);
      const launchUrl = args[0]!;
      expect(launchUrl).to.match(/^http:\/\/127\.0\.0\.1:\d+\/launch\/[\w-]{40,}$/).and.not.include(token);
      expect(await runningProcessesMentioning(token), 'no command line holds the token').to.deep.equal([]);

      browser = await TestBrowser.launch();
      const page = await browser.newPage();
      await page.goto(launchUrl);
      await page.waitForFunction('document.body.dataset.ready === "true"', undefined, { timeout: 30_000 });
      expect(new URL(page.url()).search, 'the token leaves the address bar').to.equal('');
      expect(await page.evaluate('sessionStorage.getItem("timelocker.token")')).to.equal(token);
      expect(await page.locator('text=Cannot connect').count()).to.equal(0);

      const again = await fetch(launchUrl, { redirect: 'manual' });
      expect(again.status).to.equal(404);
      expect(((await again.json()) as { message: string }).message).to.match(/launch link is unknown, used or expired .* open the address `timelocker serve` printed/);
    } finally {
      if (running.child.exitCode === null) process.kill(running.child.pid!, 'SIGINT');
      await running.done;
    }
  });
});
