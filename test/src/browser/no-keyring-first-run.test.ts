import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { withoutSessionBus } from '../support/private-keyring.js';
import { makeSourceTree } from '../support/source-tree.js';
import { TestWorkspace } from '../support/workspace.js';
import type { TestBrowser } from './support/browser.js';
import { closeWorkbench, openWorkbench } from './support/open-workbench.js';
import type { WorkbenchProcess } from './support/workbench-process.js';

const PASSWORD = 'first run without a keyring';

/** A server or container has no Secret Service: the first run must still end in a real backup. */
describe('workbench first run on a machine without D-Bus (Chromium, real server, real restic)', function () {
  this.timeout(180_000);
  let ws: TestWorkspace;
  let server: WorkbenchProcess;
  let browser: TestBrowser;
  let page: Page;

  before(async () => {
    ws = await TestWorkspace.create({ ...withoutSessionBus });
    await makeSourceTree(join(ws.path, 'source'));
    ({ server, browser, page } = await openWorkbench(ws));
  });

  after(async () => {
    await closeWorkbench(browser, server);
    await ws?.remove();
  });

  it('says the keyring is unavailable, offers a 0600 password file by default, and completes the first backup', async () => {
    await page.goto(server.openUrl);
    await page.click('tl-privacy-notice button[data-action=accept]');
    await page.waitForSelector('tl-first-run-wizard >> text=The system keyring is not available here');
    expect(await page.isDisabled('tl-first-run-wizard input[name=passwordMode][value=keyring]')).to.equal(true);
    expect(await page.isChecked('tl-first-run-wizard input[name=passwordMode][value=file]')).to.equal(true);
    await page.waitForSelector('tl-first-run-wizard >> text=It is not encrypted');
    const file = await page.inputValue('#w-password-file');
    expect(file).to.equal(join(ws.dataDir, 'secrets', 'local.password'));
    await page.fill('#w-path', join(ws.path, 'repo'));
    await page.fill('#w-password', PASSWORD);
    await page.fill('#w-password-confirm', PASSWORD);
    await browser.screenshot(page, 'wizard-without-keyring');
    await page.click('text=Create repository');
    await page.waitForSelector('#w-folder', { timeout: 60_000 });
    await page.fill('#w-folder', join(ws.path, 'source'));
    await page.click('form[aria-label="Back up a folder"] button[type=submit]');
    await page.waitForSelector('text=First backup done', { timeout: 120_000 });

    expect(((await stat(file)).mode & 0o777).toString(8)).to.equal('600');
    expect(await readFile(file, 'utf8')).to.equal(`${PASSWORD}\n`);
    const config = await readFile(ws.configFile, 'utf8');
    expect(config).to.include(`"file": "${file}"`).and.not.include(PASSWORD);
    expect(await page.locator('tl-toast-host [data-severity="error"]').count(), 'error toasts').to.equal(0);
  });

  it('a repository added later can read its password from an environment variable or a command instead', async () => {
    await page.click('text=Open the workbench');
    await page.click('nav.activity button[data-view="repositories"]');
    await page.click('tl-repositories-view button:has-text("Add…")');
    const form = page.locator('tl-repository-form');
    await form.locator('#backend').selectOption('local');
    await form.locator('#name').fill('by-command');
    await form.locator('input[name="setting.path"]').fill(join(ws.path, 'by-command'));
    await form.locator('input[name=passwordMode][value=command]').check();
    await form.locator('text=Whoever can change the command can read the password').waitFor();
    expect(await form.locator('#repo-password').count(), 'no password field for a command').to.equal(0);
    await form.locator('#repo-password-command').fill(`cat ${join(ws.dataDir, 'secrets', 'local.password')}`);
    await form.locator('button[type=submit]').click();
    await page.waitForSelector('text=Repository by-command added.');
    // The list says where it lives, as the local backend declares it (its path).
    await page.locator('tl-repositories-view li[data-repository="by-command"]').getByText(join(ws.path, 'by-command'), { exact: true }).waitFor();
    const config = JSON.parse(await readFile(ws.configFile, 'utf8')) as { repositories: Record<string, { password: unknown }> };
    expect(config.repositories['by-command']?.password).to.deep.equal({ command: `cat ${join(ws.dataDir, 'secrets', 'local.password')}` });
  });
});
