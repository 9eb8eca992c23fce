import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'chai';
import { json, runCli } from '../support/cli.js';
import { AuthorWorkspace, packedApi } from './authoring-support.js';

const kinds = ['backend', 'report-format', 'policy-rule', 'notifier', 'view', 'command'] as const;

interface ListedPlugin { id: string; state: string; disabled?: boolean; activationMs?: number; messages: string[] }

describe('timelocker plugin new: generated plugins build and pass their tests unedited', function () {
  this.timeout(300_000);
  let author: AuthorWorkspace;

  before(async () => (author = await AuthorWorkspace.create('tl-scaffold')));
  after(() => author.remove());

  it('scaffolds, builds and tests every kind against the API this TimeLocker packed, with nothing published', async () => {
    const scaffoldAndTest = async (kind: typeof kinds[number]): Promise<number> => {
      const created = await runCli(['--json', 'plugin', 'new', `demo-${kind}`, '--kind', kind, '--dir', author.path]);
      expect(created.code, created.stderr).to.equal(0);
      const { path, pluginId } = json<{ path: string; pluginId: string }>(created);
      expect(pluginId).to.equal(`local.demo-${kind}`);
      const manifest = JSON.parse(await readFile(join(path, 'package.json'), 'utf8')) as { engines: { timelocker: string }; dependencies: Record<string, string> };
      expect(manifest.engines.timelocker).to.equal('^1.0.0');
      expect(manifest.dependencies['@timelocker/plugin-api']).to.equal(`file:${packedApi}`);
      return (await author.installBuildTest(path)).passing;
    };
    // The first install fills the private npm cache from the registry; the others then run side by side.
    const [first, ...rest] = kinds;
    const results = [[first, await scaffoldAndTest(first)] as const, ...(await Promise.all(rest.map(async (kind) => [kind, await scaffoldAndTest(kind)] as const)))];
    for (const [kind, passing] of results) expect(passing, kind).to.be.at.least(2);
  });

  it('the generated plugin packs, installs with the CLI, activates, disables and uninstalls', async () => {
    const plugin = join(author.path, 'demo-command');
    const packed = (await author.npm(plugin, ['pack', '--silent'])).trim().split('\n').pop()!;
    const dataDir = join(author.path, 'data');
    const cli = (...args: string[]) => runCli(['--data-dir', dataDir, '--config', join(author.path, 'timelocker.json'), ...args]);

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
    expect((await runCli(['plugin', 'new', 'x', '--kind', 'widget', '--dir', author.path])).code).to.equal(2);
    const badName = await runCli(['plugin', 'new', 'Bad Name', '--kind', 'command', '--dir', author.path]);
    expect(badName.code).to.equal(2);
    expect(badName.stderr).to.match(/must match/);
    const exists = await runCli(['plugin', 'new', 'demo-view', '--kind', 'view', '--dir', author.path]);
    expect(exists.code).to.equal(2);
    expect(exists.stderr).to.match(/exists and is not empty/);
  });
});
