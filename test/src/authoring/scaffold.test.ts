import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'chai';
import { json, runCli } from '../support/cli.js';
import { makeTempDir, type TempDir } from '../support/temp-dir.js';
import { installBuildTest, npm, packPluginApi } from './authoring-support.js';

const kinds = ['backend', 'report-format', 'policy-rule', 'notifier', 'view', 'command'] as const;

interface ListedPlugin { id: string; state: string; disabled?: boolean; activationMs?: number; messages: string[] }

describe('timelocker plugin new: generated plugins build and pass their tests unedited', function () {
  this.timeout(240_000);
  let temp: TempDir;
  let tarball: string;

  before(async () => {
    temp = await makeTempDir('tl-scaffold');
    tarball = await packPluginApi(temp.path);
  });
  after(() => temp.remove());

  it('scaffolds, builds and tests every kind (npm install --offline against the packed API)', async () => {
    const results = await Promise.all(kinds.map(async (kind) => {
      const created = await runCli(['--json', 'plugin', 'new', `demo-${kind}`, '--kind', kind, '--dir', temp.path, '--api', `file:${tarball}`]);
      expect(created.code, created.stderr).to.equal(0);
      const { path, pluginId } = json<{ path: string; pluginId: string }>(created);
      expect(pluginId).to.equal(`local.demo-${kind}`);
      const manifest = JSON.parse(await readFile(join(path, 'package.json'), 'utf8')) as { engines: { timelocker: string } };
      expect(manifest.engines.timelocker).to.equal('^1.0.0');
      return [kind, (await installBuildTest(path)).passing] as const;
    }));
    for (const [kind, passing] of results) expect(passing, kind).to.be.at.least(2);
  });

  it('the generated plugin packs, installs with the CLI, activates, disables and uninstalls', async () => {
    const plugin = join(temp.path, 'demo-command');
    const packed = (await npm(plugin, ['pack', '--silent'])).trim().split('\n').pop()!;
    const dataDir = join(temp.path, 'data');
    const cli = (...args: string[]) => runCli(['--data-dir', dataDir, '--config', join(temp.path, 'timelocker.json'), ...args]);

    const installed = await cli('plugin', 'install', join(plugin, packed));
    expect(installed.code, installed.stderr).to.equal(0);
    expect(installed.stdout).to.include('Installed local.demo-command 0.1.0');
    expect(existsSync(join(dataDir, 'plugins', 'local.demo-command', 'dist', 'extension.js'))).to.equal(true);
    expect(existsSync(join(dataDir, 'plugins', 'local.demo-command', 'dist', 'extension.test.js'))).to.equal(false);

    const listed = json<ListedPlugin[]>(await cli('--json', 'plugin', 'list', '--activate')).find((p) => p.id === 'local.demo-command');
    expect(listed).to.include({ state: 'active' });
    expect(listed!.activationMs).to.be.a('number');

    expect((await cli('plugin', 'disable', 'local.demo-command')).code).to.equal(0);
    const table = await cli('plugins', 'list');
    expect(table.stdout).to.match(/local\.demo-command\s+0\.1\.0\s+disabled\s+disabled \(timelocker plugin enable local\.demo-command\)/);

    expect((await cli('plugin', 'uninstall', 'local.demo-command')).code).to.equal(0);
    expect(json<ListedPlugin[]>(await cli('--json', 'plugin', 'list')).some((p) => p.id === 'local.demo-command')).to.equal(false);
  });

  it('refuses an unknown kind, a bad name and a non-empty folder (usage errors)', async () => {
    expect((await runCli(['plugin', 'new', 'x', '--kind', 'widget', '--dir', temp.path])).code).to.equal(2);
    const badName = await runCli(['plugin', 'new', 'Bad Name', '--kind', 'command', '--dir', temp.path]);
    expect(badName.code).to.equal(2);
    expect(badName.stderr).to.match(/must match/);
    const exists = await runCli(['plugin', 'new', 'demo-view', '--kind', 'view', '--dir', temp.path]);
    expect(exists.code).to.equal(2);
    expect(exists.stderr).to.match(/exists and is not empty/);
  });
});
