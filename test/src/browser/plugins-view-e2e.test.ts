import { execFileSync } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { writePluginFolder } from '../../../workbench/dist/node/plugin-management/plugin-management-test-support.js';
import { pollUntil } from '@timelocker/plugin-api/testing';
import type { CliResult } from '../support/cli.js';
import { TestWorkspace } from '../support/workspace.js';
import type { TestBrowser } from './support/browser.js';
import { closeWorkbench, openWorkbench } from './support/open-workbench.js';
import { fixturePlugin, type WorkbenchProcess } from './support/workbench-process.js';

const ALL_KINDS = 'fixtures.all-kinds';

/** The Plugins view in Chromium against the real `timelocker serve`: state, last error, contributions, and admin changes. */
describe('Plugins view in Chromium (real workbench, real plugin host)', function () {
  this.timeout(180_000);
  let ws: TestWorkspace;
  let server: WorkbenchProcess;
  let browser: TestBrowser;
  let page: Page;

  const ok = (result: CliResult): void => {
    expect(result.code, `${result.stdout}\n${result.stderr}`).to.equal(0);
  };
  const item = (id: string): string => `tl-plugins-view tl-plugin-item[data-plugin="${id}"]`;
  const stateOf = (id: string, state: string): string => `${item(id)} [data-state="${state}"]`;

  before(async () => {
    ws = await TestWorkspace.create();
    await mkdir(join(ws.path, 'config'), { recursive: true });
    await writeFile(ws.configFile, JSON.stringify({
      repositories: {
        home: { backend: 'local', path: join(ws.path, 'repo'), password: { env: 'TL_UI_PASSWORD' } },
        mirror: { backend: 'fixtures.mirror', path: join(ws.path, 'mirror'), remote: 'nas', password: { env: 'TL_UI_PASSWORD' } },
      },
    }));
    ok(await ws.cli(['--accept-privacy-notice', 'plugin', 'install', fixturePlugin('all-kinds')]));
    // A failure seen by another process (a CLI run) is what the view shows as the plugin's last error.
    await ws.cli(['--plugin-dir', fixturePlugin('throws-on-activate'), 'plugins', 'list', '--activate']);
    ({ server, browser, page } = await openWorkbench(ws, { pluginDirs: [fixturePlugin('throws-on-activate')] }));
    await page.goto(server.openUrl);
    await page.click('nav.activity button[data-view="plugins"]');
  });

  after(async () => {
    await closeWorkbench(browser, server);
    await ws?.remove();
  });

  it('shows each plugin with its state, contributions and the last error of a failed activation', async () => {
    // timelocker.reports: a builtin nothing needs at start-up (the server's file index catch-up activates the backends).
    await page.waitForSelector(stateOf('timelocker.reports', 'inactive'));
    expect(await page.locator(`${item('timelocker.local')} [data-state]`).getAttribute('data-state')).to.be.oneOf(['inactive', 'activating', 'active']);
    const allKinds = page.locator(item(ALL_KINDS));
    expect(await allKinds.locator('dl').innerText()).to.include('fixtures.mirror').and.include('fixtures.jsonl').and.include('fixtures.md');
    await page.waitForSelector(stateOf('fixtures.throws-on-activate', 'failed'));
    expect(await page.locator(`${item('fixtures.throws-on-activate')} [data-role="error"]`).innerText()).to.include('boom on activate');
    await browser.screenshot(page, 'plugins-view');
  });

  it('an admin disables and enables a plugin; the config entries it leaves inactive are listed meanwhile', async () => {
    await page.click(`${item(ALL_KINDS)} button[data-action="disable"]`);
    await page.waitForSelector(stateOf(ALL_KINDS, 'disabled'));
    const inactive = await page.waitForSelector('tl-plugins-view section.inactive li[data-entry="/repositories/mirror"]');
    expect(await inactive.innerText()).to.include(`repository "mirror" is inactive`).and.include(`plugin ${ALL_KINDS} is disabled`);
    await browser.screenshot(page, 'plugins-view-disabled');
    await page.click(`${item(ALL_KINDS)} button[data-action="enable"]`);
    // Enabled again: loaded, and activated as soon as something (the file index, a view) needs its backend.
    await page.waitForSelector(['inactive', 'activating', 'active'].map((state) => stateOf(ALL_KINDS, state)).join(', '));
    await page.waitForSelector('tl-plugins-view section.inactive', { state: 'detached' });
  });

  it('a plugin\'s own settings form (its `configuration` contribution) saves to the config, and the plugin reads the new value', async () => {
    await page.click('nav.activity button[data-view="config-forms"]');
    await page.click('tl-config-forms nav button[data-section=plugins]');
    await page.click('tl-config-forms button[data-add="/plugins"]');
    await page.click(`tl-config-forms button[data-add="/plugins/${ALL_KINDS}"]`);
    await page.fill(`tl-config-forms [id$="-plugins-${ALL_KINDS.replace('.', '-')}-remotes"]`, 'nas\noffsite');
    await page.click('tl-config-forms button[data-action=save]');
    await page.waitForSelector('tl-toast-host >> text=Plugin settings saved.');
    const config = JSON.parse(await readFile(ws.configFile, 'utf8')) as { plugins?: object };
    expect(config.plugins).to.deep.equal({ [ALL_KINDS]: { remotes: ['nas', 'offsite'] } });
    // The plugin's view lists the remotes it reads from its settings (workspace.getConfiguration).
    const remotes = await pollUntil('the plugin to read its new settings', async () => {
      const response = await fetch(new URL(`/api/v1/views/${ALL_KINDS}.remotes/children`, server.baseUrl), { headers: { authorization: `Bearer ${server.adminToken}` } });
      const labels = ((await response.json()) as Array<{ item: { label: string } }>).map((node) => node.item.label);
      return labels.includes('offsite') ? labels : undefined;
    });
    expect(remotes).to.deep.equal(['nas', 'offsite']);
  });

  it('installs from a folder path and from an uploaded .tgz, uninstalls after a confirmation; all audited as the token', async () => {
    const sources = join(ws.path, 'sources');
    const folder = await writePluginFolder(sources, { name: 'from-path' });
    const packed = await writePluginFolder(join(sources, 'pack'), { name: 'uploaded' });
    const tarball = join(ws.path, 'uploaded-1.0.0.tgz');
    execFileSync('tar', ['-czf', tarball, '-C', packed, '--transform', 's,^\\.,package,', '.']);

    await page.click('tl-plugins-view button[data-action="install"]');
    await page.fill('tl-plugin-install-form #plugin-source', folder);
    await page.click('tl-plugin-install-form button[type=submit]');
    await page.waitForSelector(stateOf('test.from-path', 'inactive'));
    await page.setInputFiles('tl-plugin-install-form #plugin-package', tarball);
    await page.waitForSelector(stateOf('test.uploaded', 'inactive'));

    await page.click(`${item('test.uploaded')} button[data-action="uninstall"]`);
    await page.click(`${item('test.uploaded')} button[data-action="confirm-uninstall"]`);
    await page.waitForSelector(item('test.uploaded'), { state: 'detached' });

    const bad = await writePluginFolder(sources, { name: 'broken', extra: { main: './missing.js' } });
    await page.fill('tl-plugin-install-form #plugin-source', bad);
    await page.click('tl-plugin-install-form button[type=submit]');
    const toast = await page.waitForSelector('tl-toast-host [data-severity="error"]');
    expect(await toast.innerText()).to.include('main module ./missing.js does not exist');

    const audit = await fetch(new URL('/api/v1/audit?limit=50', server.baseUrl), { headers: { authorization: `Bearer ${server.adminToken}` } });
    const entries = (await audit.json()) as Array<{ type: string; target: string; actor: string }>;
    const plugin = entries.filter((e) => e.type.startsWith('plugin.') && e.actor.startsWith('api:')).map((e) => `${e.type} ${e.target}`);
    expect(plugin).to.include.members([
      `plugin.disabled ${ALL_KINDS}`, `plugin.enabled ${ALL_KINDS}`, 'plugin.installed test.from-path', 'plugin.installed test.uploaded',
      'plugin.uninstalled test.uploaded', 'plugin.install-rejected test.broken',
    ]);
  });
});
