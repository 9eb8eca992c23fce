import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { json } from '../support/cli.js';
import { startPrivateKeyring, type PrivateKeyring } from '../support/private-keyring.js';
import { makeSourceTree } from '../support/source-tree.js';
import { TestWorkspace } from '../support/workspace.js';
import type { TestBrowser } from './support/browser.js';
import { closeWorkbench, openWorkbench } from './support/open-workbench.js';
import { fixturePlugin, type WorkbenchProcess } from './support/workbench-process.js';

const PASSWORD = 'browser e2e password 42';

describe('workbench in Chromium against the real `timelocker serve` and restic', function () {
  this.timeout(240_000);
  let keyring: PrivateKeyring;
  let ws: TestWorkspace;
  let server: WorkbenchProcess;
  let browser: TestBrowser;
  let page: Page;
  let viewerToken: string;
  let source: string;

  const api = (path: string, token: string | undefined, init: RequestInit = {}): Promise<Response> =>
    fetch(new URL(`/api/v1${path}`, server.baseUrl), { ...init, headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...init.headers } });
  const configText = async (): Promise<string> => ((await (await api('/config', server.adminToken)).json()) as { text: string }).text;
  const showView = (id: string): Promise<void> => page.click(`nav.activity button[data-view="${id}"]`);

  before(async () => {
    keyring = await startPrivateKeyring();
    ws = await TestWorkspace.create(keyring.env);
    source = join(ws.path, 'source');
    await makeSourceTree(source);
    // Large enough that restic reports progress before it finishes.
    await writeFile(join(source, 'big.bin'), randomBytes(48 * 1024 * 1024));
    // The config folder does not exist yet (a real first run): `serve` must not need it.
    const created = await ws.cli(['token', 'create', 'reader', '--role', 'viewer', '--json']);
    expect(created.code, created.stderr).to.equal(0);
    viewerToken = json<{ token: string }>(created).token;
    ({ server, browser, page } = await openWorkbench(ws, { pluginDirs: [fixturePlugin('good')] }));
  });

  after(async () => {
    await closeWorkbench(browser, server);
    await keyring?.stop();
    await ws?.remove();
  });

  it('answers 401 without a token, and the page without a token explains how to open it', async () => {
    expect((await api('/repositories', undefined)).status).to.equal(401);
    await page.goto(server.baseUrl);
    await page.waitForSelector('text=Open this page through');
  });

  it('first run: the privacy notice, then the wizard creates a local repository and runs a real first backup with visible progress', async () => {
    await page.goto(server.openUrl);
    await page.waitForSelector('tl-privacy-notice >> text=TimeLocker keeps everything it knows on this machine');
    expect(await page.locator('tl-first-run-wizard').count()).to.equal(0);
    await browser.screenshot(page, 'privacy-notice');
    await page.click('tl-privacy-notice button[data-action=accept]');
    await page.waitForSelector('tl-first-run-wizard');
    expect(((await (await api('/privacy', viewerToken)).json()) as { accepted: boolean }).accepted).to.equal(true);
    expect(page.url()).not.to.include('token=');
    await page.fill('#w-path', join(ws.path, 'repo'));
    await page.fill('#w-password', PASSWORD);
    await page.fill('#w-password-confirm', PASSWORD);
    await browser.screenshot(page, 'wizard-step-1');
    await page.click('text=Create repository');
    await page.waitForSelector('#w-folder', { timeout: 60_000 });
    await page.fill('#w-folder', source);
    await page.click('form[aria-label="Back up a folder"] button[type=submit]');
    const running = await page.waitForSelector('.wizard-progress[data-status="running"]', { timeout: 60_000 });
    await browser.screenshot(page, 'wizard-backup-progress');
    expect(await running.isVisible()).to.equal(true);
    await page.waitForSelector('text=First backup done', { timeout: 120_000 });
    await page.click('text=Open the workbench');
    await page.waitForSelector('tl-shell');
    await page.click('nav.activity button[data-view="jobs"]');
    await page.waitForSelector('tl-jobs-view [data-job]');
    expect(await page.locator('tl-toast-host [data-severity="error"]').count(), 'error toasts').to.equal(0);
  });

  it('shows the snapshot, browses it a directory at a time, restores one file byte for byte', async () => {
    await showView('snapshots');
    await page.click('tl-snapshots-view li[data-snapshot] button[data-action=open]', { timeout: 30_000 });
    const docs = join(source, 'docs');
    await page.click(`tl-snapshot-browser .row[data-path="${docs}"] button.twisty`);
    const report = join(docs, 'report.txt');
    await page.waitForSelector(`tl-snapshot-browser .row[data-path="${report}"]`);
    // The search runs on the server over the whole snapshot: it finds what no expanded folder shows.
    await page.fill('tl-snapshot-browser input[type=search]', 'leaf');
    await page.click('tl-snapshot-browser form.search button[type=submit]');
    await page.waitForSelector(`tl-snapshot-browser .row[data-path="${join(docs, 'deep', 'deeper', 'leaf.bin')}"]`);
    await page.fill('tl-snapshot-browser input[type=search]', 'report');
    await page.click('tl-snapshot-browser form.search button[type=submit]');
    await page.waitForSelector('tl-snapshot-browser .search-summary >> text=match');
    await page.check(`tl-snapshot-browser .row[data-path="${report}"] input[type=checkbox]`);
    const target = join(ws.path, 'restored');
    await page.fill('tl-snapshot-browser input[name=target]', target);
    await browser.screenshot(page, 'snapshot-browser');
    await page.click('tl-snapshot-browser footer button[type=submit]');
    await page.waitForSelector('tl-snapshot-browser .restore-status[data-status="succeeded"]', { timeout: 60_000 });
    expect(await readFile(join(target, report))).to.deep.equal(await readFile(report));
  });

  it('Monaco marks a wrong plugin-contributed value, Save is refused, a correct edit saves and the Plans view updates', async () => {
    await showView('settings');
    await page.waitForSelector('tl-settings-editor .monaco-editor', { timeout: 30_000 });
    const current = JSON.parse(await configText()) as {
      repositories: Record<string, { path: string }>; plans: Record<string, unknown>;
    };
    const setText = async (text: string): Promise<void> => {
      await page.evaluate(`navigator.clipboard.writeText(${JSON.stringify(text)})`);
      await page.locator('tl-settings-editor .monaco-editor [role="textbox"]').focus();
      await page.keyboard.press('Control+A');
      await page.keyboard.press('Control+V');
    };
    const bad = structuredClone(current);
    bad.repositories['local']!.path = 'relative/repo';
    await setText(JSON.stringify(bad, null, 2));
    await page.waitForSelector('tl-settings-editor .tl-problem[data-source="schema"]', { timeout: 30_000 });
    await browser.screenshot(page, 'settings-schema-error');
    await page.waitForSelector('tl-settings-editor .squiggly-error', { state: 'attached' });
    await page.click('tl-settings-editor button[data-action=save]');
    await page.waitForSelector('tl-settings-editor .tl-banner.refused');
    await page.waitForSelector('tl-settings-editor .tl-problem[data-source="server"]');
    expect(JSON.parse(await configText())).to.deep.equal(current);

    const good = structuredClone(current);
    good.plans['docs-only'] = { repository: 'local', paths: [join(source, 'docs')] };
    await setText(JSON.stringify(good, null, 2));
    await page.click('tl-settings-editor button[data-action=save]');
    await page.waitForSelector('tl-settings-editor .tl-banner.saved');
    await showView('plans');
    await page.waitForSelector('tl-plans-view li[data-plan="docs-only"]', { timeout: 10_000 });
  });

  it('lists every contributed command in the palette, and a fixture plugin view appears and updates', async () => {
    await page.keyboard.press('Control+Shift+P');
    await page.waitForSelector('tl-command-palette input');
    for (const id of ['fixtures.good.hello', 'fixtures.good.refresh', 'fixtures.good.callKernel', 'fixtures.good.repositories', 'fixtures.good.secret', 'fixtures.good.keepSecret']) {
      expect(await page.locator(`tl-command-palette li[data-command="${id}"]`).count(), id).to.equal(1);
    }
    await page.keyboard.press('Escape');
    await showView('contributed:fixtures.good.tree');
    await page.waitForSelector('tl-contributed-view .row[data-label="alpha"]');
    expect(await page.locator('tl-contributed-view .row[data-label^="gamma"]').count()).to.equal(0);
    await page.keyboard.press('Control+Shift+P');
    await page.keyboard.insertText('Refresh the tree');
    await page.keyboard.press('Enter');
    await page.waitForSelector('tl-contributed-view .row[data-label^="gamma"]', { timeout: 15_000 });
  });

  it('generates a report from the Reports tab and downloads it', async () => {
    await showView('reports');
    const [download] = await Promise.all([
      page.waitForEvent('download', { timeout: 60_000 }),
      page.click('tl-reports-view tr[data-report="backup-jobs"] button[data-format="timelocker.csv"]'),
    ]);
    expect(download.suggestedFilename()).to.match(/^timelocker-backup-jobs-\d{4}-\d\d-\d\d\.csv$/);
    const csv = await readFile((await download.path())!, 'utf8');
    expect(csv.split('\n').filter((line) => line.includes('first')).length, csv).to.be.at.least(1);
    await browser.screenshot(page, 'view-reports');
  });

  it('a viewer sees everything but cannot start a backup (button disabled, API 403)', async () => {
    const viewer = await browser.newPage();
    await viewer.goto(`${server.baseUrl}?token=${viewerToken}`);
    await viewer.waitForSelector('tl-shell');
    await viewer.click('nav.activity button[data-view="plans"]');
    const button = await viewer.waitForSelector('tl-plans-view li[data-plan="first"] button[data-action=backup]');
    expect(await button.isDisabled()).to.equal(true);
    await viewer.click('nav.activity button[data-view="snapshots"]');
    await viewer.waitForSelector('tl-snapshots-view li[data-snapshot]');
    await browser.screenshot(viewer, 'viewer-snapshots');
    const refused = await api('/jobs', viewerToken, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ kind: 'backup', plan: 'first' }) });
    expect(refused.status).to.equal(403);
    await viewer.close();
  });
});
