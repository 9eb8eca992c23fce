import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { pollUntil } from '@timelocker/plugin-api/testing';
import { AuditService } from '../audit/audit-service.js';
import { UsageError } from '../core/errors.js';
import { startKernel, type Kernel } from '../kernel.js';
import { CommandRegistry } from '../plugins/command-registry.js';
import { PluginService, type PluginStatus } from '../plugins/plugin-service.js';
import { PluginInstallError, PluginManagementService } from './plugin-management-service.js';
import { PLUGIN_STATE_FILE } from '../plugins/plugin-state-file.js';
import { builtinPluginsDir, fixturePlugin, writePluginFolder } from './plugin-management-test-support.js';

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a rejection');
}

describe('plugin management (real kernel, real plugin host)', function () {
  this.timeout(60_000);
  let dir: string;
  let sources: string;
  let dataDir: string;
  const kernels: Kernel[] = [];

  const start = async (): Promise<Kernel> => {
    const kernel = await startKernel({
      configFile: join(dir, 'timelocker.json'), dataDir, builtinPluginsDir, extraPluginDirs: [], actor: 'test:author',
    });
    kernels.push(kernel);
    return kernel;
  };
  const management = (k: Kernel): PluginManagementService => k.get<PluginManagementService>(PluginManagementService);
  const status = (k: Kernel, id: string): PluginStatus | undefined => k.get<PluginService>(PluginService).listPlugins().find((p) => p.id === id);
  const hello = (k: Kernel, name: string): Promise<unknown> => k.get<CommandRegistry>(CommandRegistry).executeCommand(`test.${name}.hello`);
  const leftovers = (): string[] => (existsSync(join(dataDir, '.plugin-staging')) ? readdirSync(join(dataDir, '.plugin-staging')) : []);

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tl-plugin-mgmt-'));
    sources = join(dir, 'sources');
    dataDir = join(dir, 'data');
    await mkdir(sources);
  });
  afterEach(async () => {
    for (const k of kernels.splice(0)) await k.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('installs a folder into <data-dir>/plugins/<id>, audits it, and the running host serves it without a restart', async () => {
    const kernel = await start();
    await kernel.get<PluginService>(PluginService).start();
    const source = await writePluginFolder(sources, { name: 'greeter' });
    const installed = await management(kernel).install(source);
    expect(installed).to.deep.equal({ id: 'test.greeter', version: '1.0.0', path: join(dataDir, 'plugins', 'test.greeter') });
    expect(existsSync(join(installed.path, 'extension.js'))).to.equal(true);
    expect(await hello(kernel, 'greeter')).to.equal('hello from 1.0.0');
    expect(status(kernel, 'test.greeter')).to.include({ state: 'active', builtin: false });

    const upgrade = await writePluginFolder(join(sources, 'v2'), { name: 'greeter', version: '2.0.0' });
    expect((await management(kernel).install(upgrade)).replaced).to.equal('1.0.0');
    expect(await hello(kernel, 'greeter')).to.equal('hello from 2.0.0');

    const entries = await kernel.get<AuditService>(AuditService).list({ type: 'plugin.installed' });
    expect(entries.map((e) => [e.target, e.details['version'], e.actor])).to.deep.equal([
      ['test.greeter', '1.0.0', 'test:author'], ['test.greeter', '2.0.0', 'test:author'],
    ]);
    expect(leftovers()).to.deep.equal([]);
  });

  it('installs an npm-pack style tarball', async () => {
    const kernel = await start();
    const source = await writePluginFolder(join(sources, 'package-parent'), { name: 'packed' });
    const tarball = join(dir, 'packed-1.0.0.tgz');
    execFileSync('tar', ['-czf', tarball, '-C', source, '--transform', 's,^\\.,package,', '.']);
    expect((await management(kernel).install(tarball)).id).to.equal('test.packed');
    await kernel.get<PluginService>(PluginService).start();
    expect(await hello(kernel, 'packed')).to.equal('hello from 1.0.0');
  });

  it('rejects a broken plugin with every reason before copying anything, and audits the refusal', async () => {
    const kernel = await start();
    const broken = await writePluginFolder(sources, {
      name: 'broken',
      extra: {
        main: './missing.js',
        contributes: { commands: [{ id: 'test.broken.hello' }] },
        dependencies: { 'left-pad': '^1.3.0' },
      },
    });
    const error = await rejection(management(kernel).install(broken));
    expect(error).to.be.instanceOf(PluginInstallError);
    const reasons = (error as PluginInstallError).reasons.join('\n');
    expect(reasons).to.match(/contributes\.commands\[0\] dropped: .*title/);
    expect(reasons).to.match(/main module \.\/missing\.js does not exist/);
    expect(reasons).to.match(/dependency left-pad is not bundled/);

    const clash = await writePluginFolder(sources, {
      name: 'clash', extra: { publisher: 'timelocker', contributes: { backends: [{ id: 'local', label: 'Mine', configSchema: { type: 'object' } }] } },
    });
    expect((await rejection(management(kernel).install(clash))).message)
      .to.include('contributes.backends: timelocker.local is already contributed by plugin timelocker.local (two plugins cannot share an id)');

    const badManifest = await rejection(management(kernel).install(fixturePlugin('bad-manifest')));
    expect(badManifest.message).to.match(/not a valid plugin manifest/);
    expect(existsSync(join(dataDir, 'plugins'))).to.equal(false);
    expect(leftovers()).to.deep.equal([]);
    const refused = await kernel.get<AuditService>(AuditService).list({ type: 'plugin.install-rejected' });
    expect(refused.map((e) => e.target)).to.deep.equal(['test.broken', 'timelocker.clash', 'fixtures.bad-manifest']);
  });

  it('rejects a plugin for another API major with the clear incompatibility message', async () => {
    const kernel = await start();
    const error = await rejection(management(kernel).install(fixturePlugin('incompatible-engine')));
    expect(error.message).to.include('fixtures.incompatible-engine requires TimeLocker plugin API ^2.0.0, but this TimeLocker provides 1.0.0');
    expect(existsSync(join(dataDir, 'plugins', 'fixtures.incompatible-engine'))).to.equal(false);
  });

  it('disables and enables (persisted), reloading the running host each time', async () => {
    const kernel = await start();
    await management(kernel).install(await writePluginFolder(sources, { name: 'toggled' }));
    await kernel.get<PluginService>(PluginService).start();
    expect(await hello(kernel, 'toggled')).to.equal('hello from 1.0.0');

    const disabled = await management(kernel).setEnabled('test.toggled', false);
    expect(disabled).to.include({ state: 'disabled' });
    expect(disabled!.messages).to.deep.equal(['disabled (timelocker plugin enable test.toggled)']);
    expect((await rejection(hello(kernel, 'toggled'))).message).to.match(/test\.toggled\.hello/);
    expect(JSON.parse(await readFile(join(dataDir, PLUGIN_STATE_FILE), 'utf8')).disabled).to.deep.equal(['test.toggled']);

    await kernel.stop();
    const again = await start();
    expect(status(again, 'test.toggled')).to.include({ state: 'disabled' });
    await management(again).setEnabled('test.toggled', true);
    await again.get<PluginService>(PluginService).start();
    expect(await hello(again, 'toggled')).to.equal('hello from 1.0.0');
    const types = (await again.get<AuditService>(AuditService).list()).map((e) => e.type).filter((t) => t.startsWith('plugin.'));
    expect(types).to.include.members(['plugin.installed', 'plugin.disabled', 'plugin.enabled']);
  });

  it('a running workbench picks up a change made by another process (plugin-state.json revision)', async () => {
    const workbench = await start();
    await workbench.get<PluginService>(PluginService).start();
    const cli = await start();
    await management(cli).install(await writePluginFolder(sources, { name: 'remote' }));
    expect(await pollUntil('the workbench to see the installed plugin', () => status(workbench, 'test.remote'), 15_000)).to.include({ state: 'inactive' });
    expect(await hello(workbench, 'remote')).to.equal('hello from 1.0.0');
    await management(cli).setEnabled('test.remote', false);
    await pollUntil('the workbench to see the plugin disabled', () => status(workbench, 'test.remote')?.state === 'disabled', 15_000);
  });

  it('uninstalls user plugins only; builtin ones can be disabled, not removed', async () => {
    const kernel = await start();
    await management(kernel).install(await writePluginFolder(sources, { name: 'gone' }));
    await management(kernel).setEnabled('test.gone', false);
    await management(kernel).uninstall('test.gone');
    expect(existsSync(join(dataDir, 'plugins', 'test.gone'))).to.equal(false);
    expect(status(kernel, 'test.gone')).to.equal(undefined);
    expect(JSON.parse(await readFile(join(dataDir, PLUGIN_STATE_FILE), 'utf8')).disabled).to.deep.equal([]);
    const builtin = await rejection(management(kernel).uninstall('timelocker.local'));
    expect(builtin).to.be.instanceOf(UsageError);
    expect(builtin.message).to.match(/disable it instead: timelocker plugin disable timelocker\.local/);
    expect((await rejection(management(kernel).uninstall('nobody.nothing'))).message).to.match(/No installed plugin nobody\.nothing/);
    const uninstalled = await kernel.get<AuditService>(AuditService).list({ type: 'plugin.uninstalled' });
    expect(uninstalled.map((e) => e.target)).to.deep.equal(['test.gone']);
  });
});
