import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { ConfigService } from '../config/config-service.js';
import { startKernel, type Kernel } from '../kernel.js';
import { CommandRegistry } from '../plugins/command-registry.js';
import { PluginService } from '../plugins/plugin-service.js';
import { PluginManagementService } from './plugin-management-service.js';
import { builtinPluginsDir, writePluginFolder } from './plugin-management-test-support.js';

/**
 * A plugin that writes what happens to it into <data-dir>/plugin-events.log: activate, deactivate, and the disposal
 * of the subscription it pushed; its command answers with the settings it reads.
 */
function lifecycleCode(name: string, version: string): string {
  return `import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { Disposable } from '@timelocker/plugin-api';
const log = (context, what) => appendFileSync(join(context.storagePath, '..', '..', 'plugin-events.log'), \`${name}@${version} \${what}\\n\`);
let current;
export function activate(api, context) {
  current = context;
  log(context, 'activate');
  context.subscriptions.push(new Disposable(() => log(context, 'dispose')));
  context.subscriptions.push(api.workspace.onDidChangeConfiguration((e) => {
    if (e.affectsConfiguration('test.${name}.greeting')) log(context, 'greeting ' + api.workspace.getConfiguration().get('greeting'));
  }));
  context.subscriptions.push(api.commands.register('test.${name}.hello', () => ({
    version: '${version}',
    greeting: api.workspace.getConfiguration().get('greeting'),
    retries: api.workspace.getConfiguration('test.${name}.retry').get('max'),
  })));
}
export function deactivate() {
  log(current, 'deactivate');
}
`;
}

const configuration = {
  properties: {
    greeting: { type: 'string', default: 'hello' },
    retry: { type: 'object', properties: { max: { type: 'integer', minimum: 0, default: 3 } }, additionalProperties: false },
  },
};

describe('plugin lifecycle (real kernel, real plugin host)', function () {
  this.timeout(60_000);
  let dir: string;
  let sources: string;
  let dataDir: string;
  let kernel: Kernel;

  const events = async (): Promise<string[]> => (await readFile(join(dataDir, 'plugin-events.log'), 'utf8').catch(() => '')).split('\n').filter(Boolean);
  const hello = (name: string): Promise<{ version: string; greeting: string; retries: number }> =>
    kernel.get<CommandRegistry>(CommandRegistry).executeCommand(`test.${name}.hello`);
  const management = (): PluginManagementService => kernel.get<PluginManagementService>(PluginManagementService);
  const plugin = (name: string, version = '1.0.0', dependsOn?: string[]): Promise<string> => writePluginFolder(join(sources, `${name}-${version}`), {
    name, version, code: lifecycleCode(name, version),
    extra: { contributes: { commands: [{ id: `test.${name}.hello`, title: 'Hello' }], configuration }, ...(dependsOn ? { dependsOn } : {}) },
  });

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tl-plugin-lifecycle-'));
    sources = join(dir, 'sources');
    dataDir = join(dir, 'data');
    await mkdir(sources);
    kernel = await startKernel({ configFile: join(dir, 'timelocker.json'), dataDir, builtinPluginsDir, extraPluginDirs: [], actor: 'test:lifecycle' });
    await kernel.get<PluginService>(PluginService).start();
  });
  afterEach(async () => {
    await kernel.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('calls deactivate() and disposes subscriptions on disable, uninstall and shutdown', async () => {
    await management().install(await plugin('alpha'));
    await management().install(await plugin('beta'));
    await hello('alpha');
    await hello('beta');
    expect(await events()).to.deep.equal(['alpha@1.0.0 activate', 'beta@1.0.0 activate']);

    await management().setEnabled('test.alpha', false);
    expect(await events()).to.deep.equal(['alpha@1.0.0 activate', 'beta@1.0.0 activate', 'alpha@1.0.0 deactivate', 'alpha@1.0.0 dispose']);

    await management().setEnabled('test.alpha', true);
    expect((await hello('alpha')).version).to.equal('1.0.0');
    await management().uninstall('test.alpha');
    await kernel.stop();
    expect((await events()).slice(4)).to.deep.equal([
      'alpha@1.0.0 activate', 'alpha@1.0.0 deactivate', 'alpha@1.0.0 dispose', // uninstall
      'beta@1.0.0 deactivate', 'beta@1.0.0 dispose', // shutdown
    ]);
  });

  it('reloads only the upgraded plugin and its dependants, which activate after what they depend on', async () => {
    await management().install(await plugin('base'));
    await management().install(await plugin('addon', '1.0.0', ['test.base']));
    await management().install(await plugin('other'));
    await hello('addon');
    await hello('other');
    expect(await events(), 'the dependency activates first').to.deep.equal(['base@1.0.0 activate', 'addon@1.0.0 activate', 'other@1.0.0 activate']);

    await management().install(await plugin('base', '2.0.0'));
    expect((await events()).slice(3), 'dependants deactivate first; the unrelated plugin is left alone').to.deep.equal([
      'addon@1.0.0 deactivate', 'addon@1.0.0 dispose', 'base@1.0.0 deactivate', 'base@1.0.0 dispose',
      'base@2.0.0 activate', 'addon@1.0.0 activate',
    ]);
    expect((await hello('base')).version, 'the new code runs in the same host').to.equal('2.0.0');
    expect(kernel.get<PluginService>(PluginService).listPlugins().find((p) => p.id === 'test.other')).to.include({ state: 'active' });
  });

  it('fails the activation of a plugin whose dependency is disabled, naming it', async () => {
    await management().install(await plugin('base'));
    await management().install(await plugin('addon', '1.0.0', ['test.base']));
    await management().setEnabled('test.base', false);
    const error = await hello('addon').then(() => undefined, (e: Error) => e);
    expect(error?.message).to.match(/test\.addon depends on test\.base, which is not installed or is disabled/);
    expect(kernel.get<PluginService>(PluginService).listPlugins().find((p) => p.id === 'test.addon')).to.include({ state: 'failed' });
  });

  it('refuses a dependency cycle with the chain in the message, leaving other plugins alone', async () => {
    await management().install(await plugin('egg', '1.0.0', ['test.hen']));
    await management().install(await plugin('hen', '1.0.0', ['test.egg']));
    await management().install(await plugin('bystander'));
    const error = await hello('egg').then(() => undefined, (e: Error) => e);
    expect(error?.message).to.match(/test\.hen cannot be activated: its dependencies form a cycle \(test\.egg → test\.hen → test\.egg\)/);
    expect((await hello('bystander')).version).to.equal('1.0.0');
  });

  it('gives a plugin its settings (with schema defaults) and tells it when they change', async () => {
    await management().install(await plugin('tuned'));
    expect(await hello('tuned')).to.deep.equal({ version: '1.0.0', greeting: 'hello', retries: 3 });
    const config = kernel.get<ConfigService>(ConfigService);
    await config.modify(['plugins', 'test.tuned'], { greeting: 'bonjour', retry: { max: 5 } });
    expect(await hello('tuned')).to.deep.equal({ version: '1.0.0', greeting: 'bonjour', retries: 5 });
    expect(await events()).to.include('tuned@1.0.0 greeting bonjour');
    const refused = await config.modify(['plugins', 'test.tuned', 'retry', 'max'], -1).then(() => undefined, (e: Error) => e);
    expect(refused?.message, 'the contributed schema validates the settings').to.match(/\/plugins\/test\.tuned\/retry\/max: must be >= 0/);
  });
});
