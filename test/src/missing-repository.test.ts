import { mkdir, rename, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { TestBrowser } from './browser/support/browser.js';
import { WorkbenchProcess } from './browser/support/workbench-process.js';
import { TestWorkspace } from './support/workspace.js';

const exists = (path: string): Promise<boolean> => stat(path).then(() => true, () => false);

describe('a missing repository is not a new one (real CLI, real server, Chromium, real restic)', function () {
  this.timeout(180_000);
  let ws: TestWorkspace;
  let repo: string;

  before(async () => {
    ws = await TestWorkspace.create({ REPO_PW: 'missing-repo-pw-23' });
    repo = join(ws.path, 'usb', 'restic');
    const source = join(ws.path, 'source');
    await mkdir(source);
    await mkdir(join(ws.path, 'usb'));
    await writeFile(join(source, 'a.txt'), 'on the external drive\n');
    for (const step of [
      ['repo', 'add', 'usb', '--backend', 'local', '--path', repo, '--password-env', 'REPO_PW'],
      ['repo', 'init', 'usb'],
      ['plan', 'add', 'docs', '--repo', 'usb', '--path', source],
      ['backup', 'docs'],
    ]) {
      const result = await ws.cli(step);
      expect(result.code, result.stderr).to.equal(0);
    }
    // The drive is unplugged: its mount point is there, empty.
    await rename(repo, join(ws.path, 'restic-on-the-unplugged-drive'));
  });

  after(() => ws?.remove());

  it('says the repository was not found and asks whether the drive is mounted, offering no plain init', async () => {
    const backup = await ws.cli(['backup', 'docs']);
    expect(backup.code).to.equal(1);
    expect(backup.stderr).to.include(`Repository not found at ${repo}: is the drive mounted?`).and.include('had 1 snapshot(s)');
    expect(backup.stderr).to.include(`--confirm-path ${repo}`).and.not.match(/Run `timelocker repo init usb` to create it/);
    const init = await ws.cli(['repo', 'init', 'usb']);
    expect(init.code).to.equal(2);
    expect(init.stderr).to.include('Nothing was created').and.include(`--confirm-path ${repo}`);
    const wrong = await ws.cli(['repo', 'init', 'usb', '--confirm-path', '/somewhere/else']);
    expect(wrong.code).to.equal(2);
    expect(await exists(repo), 'nothing was created').to.equal(false);
  });

  it('the API refuses naming the location (400, an issue for body.confirmPath), and the UI asks before it creates anything', async () => {
    const server = await WorkbenchProcess.start(ws);
    const browser = await TestBrowser.launch();
    try {
      const refused = await fetch(new URL('/api/v1/repositories/usb/init', server.baseUrl), {
        method: 'POST', headers: { authorization: `Bearer ${server.adminToken}`, 'content-type': 'application/json' }, body: '{}',
      });
      expect(refused.status).to.equal(400);
      expect(await refused.json()).to.deep.include({
        error: 'usage', issues: [{ field: 'body.confirmPath', message: `must be the repository's location, ${repo}`, location: repo }],
      });

      const page: Page = await browser.newPage();
      const native: string[] = [];
      page.on('dialog', (dialog) => {
        native.push(dialog.message());
        void dialog.dismiss();
      });
      await page.goto(server.openUrl);
      await page.click('tl-privacy-notice button[data-action=accept]').catch(() => undefined);
      await page.click('nav.activity button[data-view="repositories"]');
      await page.click('tl-repositories-view li[data-repository="usb"] >> text=Initialize');
      // The app's own dialog, naming the path: yes to "initialize?", no once told the repository had snapshots.
      await page.waitForSelector('tl-confirm-dialog dialog[open]');
      expect(await page.textContent('tl-confirm-dialog h2')).to.equal('Initialize repository usb?');
      expect(await page.textContent('tl-confirm-dialog .body')).to.include(`a new, empty restic repository usb at ${repo}`);
      await page.click('tl-confirm-dialog button[data-action=confirm]');
      await page.waitForSelector('tl-confirm-dialog dialog[open] .body >> text=had 1 snapshot(s)');
      expect(await page.textContent('tl-confirm-dialog h2')).to.equal(`Create a new repository at ${repo} anyway?`);
      await page.click('tl-confirm-dialog button[data-action=cancel]');
      await page.waitForSelector('tl-confirm-dialog', { state: 'detached' });
      expect(native, 'no native confirm()').to.deep.equal([]);
      expect(await exists(repo), 'declined: nothing was created').to.equal(false);
    } finally {
      await browser.close();
      await server.stop();
    }
  });

  it('creates a new, empty repository only with the confirmation that names the path', async () => {
    const init = await ws.cli(['repo', 'init', 'usb', '--confirm-path', repo]);
    expect(init.code, init.stderr).to.equal(0);
    expect(await exists(join(repo, 'config'))).to.equal(true);
  });
});
