import { mkdir, readFile, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { json } from '../support/cli.js';
import { TestWorkspace } from '../support/workspace.js';
import { editConfig } from '../maintenance/maintenance-support.js';
import type { TestBrowser } from './support/browser.js';
import { closeWorkbench, openWorkbench } from './support/open-workbench.js';
import type { WorkbenchProcess } from './support/workbench-process.js';

interface SearchJson { matches: Array<{ path: string; versions: Array<{ size: number; snapshots: Array<{ repository: string; id: string }> }> }>; searchedEntries: number }
interface CopyStatusJson { plan: string; wanted: string[]; missing: string[]; copies: Array<{ repository: string }> }

describe('file search, versions and copies through the REST API and the UI (real serve, restic, Chromium)', function () {
  this.timeout(300_000);
  let ws: TestWorkspace;
  let server: WorkbenchProcess;
  let browser: TestBrowser;
  let page: Page;
  let viewerToken: string;
  let notes: string;

  const api = (path: string, token: string, init: RequestInit = {}): Promise<Response> =>
    fetch(new URL(`/api/v1${path}`, server.baseUrl), { ...init, headers: { authorization: `Bearer ${token}`, ...(init.body ? { 'content-type': 'application/json' } : {}) } });

  before(async () => {
    ws = await TestWorkspace.create({ HOME_PW: 'ui-home-pw-8812', OFF_PW: 'ui-off-pw-1290', GONE_PW: 'ui-gone-pw-0031' });
    const source = join(ws.path, 'src');
    notes = join(source, 'project notes ✓.txt');
    await mkdir(source);
    for (const [name, variable] of [['home', 'HOME_PW'], ['offsite', 'OFF_PW'], ['gone', 'GONE_PW']] as const) {
      expect((await ws.cli(['repo', 'add', name, '--backend', 'local', '--path', join(ws.path, name), '--password-env', variable])).code).to.equal(0);
    }
    expect((await ws.cli(['repo', 'init', 'home'])).code).to.equal(0);
    expect((await ws.cli(['repo', 'init', 'offsite', '--like', 'home'])).code).to.equal(0);
    expect((await ws.cli(['plan', 'add', 'docs', '--repo', 'home', '--path', source])).code).to.equal(0);
    // "gone" is never initialized: its copy fails, so the latest snapshot has 1 of the 2 copies asked for.
    await editConfig(ws, (c) => { c.plans['docs']!['copyTo'] = ['offsite', 'gone']; });
    for (const [i, text] of ['first draft\n', 'second, longer draft\n'].entries()) {
      await writeFile(notes, text);
      await utimes(notes, 1_710_000_000 + i * 60, 1_710_000_000 + i * 60);
      expect((await ws.cli(['backup', 'docs'])).code).to.equal(0);
    }
    // CLI backups leave indexing to the next find/index; the server's catch-up at start runs in the background.
    // ("gone" was never initialized, so index only the two that exist.)
    for (const repository of ['home', 'offsite']) expect((await ws.cli(['index', '--repo', repository])).code).to.equal(0);
    viewerToken = json<{ token: string }>(await ws.cli(['token', 'create', 'reader', '--role', 'viewer', '--json'])).token;
    expect((await ws.cli(['privacy', 'accept'])).code).to.equal(0);
    ({ server, browser, page } = await openWorkbench(ws));
  });

  after(async () => {
    await closeWorkbench(browser, server);
    await ws?.remove();
  });

  it('REST: search and versions answer from the index (a viewer may read, not re-index); copy status names the missing copy', async () => {
    const search = await api(`/files/search?q=${encodeURIComponent('notes ✓')}`, viewerToken);
    expect(search.status).to.equal(200);
    const found = (await search.json()) as SearchJson;
    expect(found.matches.map((m) => m.path)).to.deep.equal([notes]);
    // The same version is in "home" and (copied) in "offsite": one version, both snapshots.
    expect(found.matches[0]!.versions.map((v) => v.size)).to.deep.equal([21, 12]);
    expect(found.matches[0]!.versions[0]!.snapshots.map((s) => s.repository).sort()).to.deep.equal(['home', 'offsite']);
    const versions = (await (await api(`/files/versions?path=${encodeURIComponent(notes)}`, viewerToken)).json()) as { versions: Array<{ number: number }> };
    expect(versions.versions.map((v) => v.number)).to.deep.equal([1, 2]);
    expect((await api('/files/search?q=x&limit=0', viewerToken)).status).to.equal(400);
    expect((await api('/files/versions?path=relative', viewerToken)).status).to.equal(400);
    expect((await api('/files/index', viewerToken, { method: 'POST', body: '{}' })).status).to.equal(403);
    const status = (await (await api('/copies/status', viewerToken)).json()) as CopyStatusJson[];
    expect(status).to.have.length(1);
    expect(status[0]).to.deep.include({ plan: 'docs', wanted: ['offsite', 'gone'], missing: ['gone'] });
    const snapshot = found.matches[0]!.versions[1]!.snapshots.find((s) => s.repository === 'home')!;
    const download = `/files/download?repository=home&snapshot=${snapshot.id}&path=${encodeURIComponent(notes)}`;
    expect((await api(download, viewerToken)).status).to.equal(403);
    const file = await api(download, server.adminToken);
    expect(file.status).to.equal(200);
    expect(file.headers.get('content-disposition')).to.include("filename*=UTF-8''project%20notes%20%E2%9C%93.txt");
    expect(await file.text()).to.equal('first draft\n');
    expect((await api(`/files/download?repository=home&snapshot=${snapshot.id}&path=%2Fno%2Fsuch%2Ffile`, server.adminToken)).status).to.be.within(400, 502);
    const copy = await api('/plans/docs/copy', server.adminToken, { method: 'POST', body: JSON.stringify({ to: ['offsite'] }) });
    expect(copy.status).to.equal(202);
    expect(((await copy.json()) as Array<{ kind: string; repository: string }>)[0]).to.include({ kind: 'copy', repository: 'offsite' });
  });

  it('UI: Ctrl+P finds the file as you type, its versions open in an editor and one is restored; the Dashboard flags the missing copy', async () => {
    await page.goto(server.openUrl);
    await page.waitForSelector('tl-shell');
    await page.keyboard.press('Control+p');
    await page.waitForSelector('tl-file-search input');
    await page.keyboard.type('notes', { delay: 20 });
    const result = await page.waitForSelector(`tl-file-search li[data-path="${notes}"]`);
    expect(await result.textContent()).to.include('2 versions');
    await browser.screenshot(page, 'file-search');
    await page.keyboard.press('Enter');
    await page.waitForSelector('tl-file-versions tr[data-version="2"]');
    await browser.screenshot(page, 'file-versions');
    const target = join(ws.path, 'restored');
    await page.fill('tl-file-versions input[aria-label="Restore target folder"]', target);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('tl-file-versions tr[data-version="1"] button[data-action="download"]')]);
    const saved = join(ws.path, 'downloaded.txt');
    await download.saveAs(saved);
    expect(await readFile(saved, 'utf8')).to.equal('second, longer draft\n');
    await page.click('tl-file-versions tr[data-version="2"] button[data-action="restore"]');
    await page.waitForSelector(`tl-file-versions >> text=Version 2 restored under ${target}`, { timeout: 60_000 });
    expect(await readFile(join(target, notes), 'utf8')).to.equal('first draft\n');
    await page.click('nav.activity button[data-view="dashboard"]');
    const flag = await page.waitForSelector('tl-copies-flag [data-copies-missing="docs"]');
    expect(await flag.textContent()).to.include('1 of 2 copies').and.include('missing in gone');
    await browser.screenshot(page, 'dashboard-copies-flag');
  });
});
