import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CancellationError, CancellationToken, CancellationTokenSource, type Disposable, type JsonValue } from '@timelocker/plugin-api';
import { expect } from 'chai';
import { pollUntil } from '@timelocker/plugin-api/testing';
import { BackendRegistry } from '../../../workbench/dist/node/plugins/backend-registry.js';
import { CommandRegistry } from '../../../workbench/dist/node/plugins/command-registry.js';
import type { PluginServiceImpl } from '../../../workbench/dist/node/plugins/plugin-service-impl.js';
import { PluginService } from '../../../workbench/dist/node/plugins/plugin-service.js';
import { ViewRegistry, type TreeDataChange } from '../../../workbench/dist/node/plugins/view-registry.js';
import { createTestKernel, rejectionOf, type TestKernel } from './plugin-kernel.js';

describe('plugin RPC (real plugin host)', function () {
  this.timeout(60_000);
  let kernel: TestKernel;
  let backends: BackendRegistry;
  let commands: CommandRegistry;
  const messages: string[] = [];

  before(async () => {
    kernel = await createTestKernel(['good']);
    backends = kernel.container.get<BackendRegistry>(BackendRegistry);
    commands = kernel.container.get<CommandRegistry>(CommandRegistry);
    kernel.plugins.onDidShowMessage((m) => messages.push(`${m.pluginId}: ${m.message}`));
    await kernel.plugins.start();
  });
  after(() => kernel.dispose());

  it('carries cancellation to the provider in the host', async () => {
    const source = new CancellationTokenSource();
    const pending = backends.testConnection('fixtures.fixture-good', {}, {}, source.token);
    await pollUntil('the plugin to be active', () => kernel.status('fixtures.good').state === 'active', 15_000);
    source.cancel();
    const error = await rejectionOf(pending);
    expect(error).to.be.instanceOf(CancellationError);
    await pollUntil('the provider to see the cancellation', () => messages.includes('fixtures.good: cancellation reached testConnection'), 15_000);
  });

  it('passes config and secrets to a backend and returns its location', async () => {
    const resolved = await backends.resolve('fixtures.fixture-good', { path: 'x' }, { token: 's3cr3t-value' }, CancellationToken.None);
    expect(resolved).to.deep.equal({ issues: [], location: { repository: '/fixture/x', env: { FIXTURE_SECRET: 's3cr3t-value' } } });
    const issues = [{ path: '/path', message: 'path is required' }];
    expect(await backends.validate('fixtures.fixture-good', {}, CancellationToken.None)).to.deep.equal(issues);
    // Validated in the same round trip: an error issue comes back instead of a location.
    expect(await backends.resolve('fixtures.fixture-good', {}, { token: 's3cr3t-value' }, CancellationToken.None)).to.deep.equal({ issues });
  });

  it('validates and tests the builtin local backend', async () => {
    const root = join(kernel.temp.path, 'repos');
    await mkdir(root);
    const repo = join(root, 'main');
    expect(await backends.validate('local', { path: repo }, CancellationToken.None)).to.deep.equal([]);
    const relative = await backends.validate('local', { path: 'relative/repo' }, CancellationToken.None);
    expect(relative[0]).to.include({ path: '/path' });
    const noParent = await backends.validate('local', { path: join(root, 'missing', 'repo') }, CancellationToken.None);
    expect(noParent[0]!.message).to.match(/parent directory .*missing does not exist or is not writable/);
    const missing = await backends.testConnection('local', { path: repo }, {}, CancellationToken.None);
    expect(missing).to.include({ status: 'not-found', hint: 'timelocker repo init <name>' });
    await mkdir(repo);
    await writeFile(join(repo, 'config'), 'restic');
    expect((await backends.testConnection('local', { path: repo }, {}, CancellationToken.None)).status).to.equal('ok');
  });

  it('routes commands both ways: kernel -> plugin and plugin -> kernel', async () => {
    const echo = commands.registerCommand('kernel.echo', (...args: JsonValue[]) => ({ echoed: args }));
    try {
      expect(await commands.executeCommand('fixtures.good.callKernel', 1, 'two')).to.deep.equal({ echoed: [1, 'two'] });
    } finally {
      echo.dispose();
    }
    expect(commands.getCommands()).to.include('fixtures.good.hello');
  });

  it('serves tree data and forwards onDidChangeTreeData', async () => {
    const views = kernel.container.get<ViewRegistry>(ViewRegistry);
    const changes: TreeDataChange[] = [];
    const subscription: Disposable = views.onDidChangeTreeData((c) => changes.push(c));
    const roots = await views.getChildren('fixtures.good.tree');
    expect(roots.map((n) => n.item.label)).to.deep.equal(['alpha', 'beta']);
    const alpha = roots[0]!;
    expect(alpha.item.collapsible).to.equal(true);
    expect((await views.getChildren('fixtures.good.tree', alpha.elementId)).map((n) => n.item.label)).to.deep.equal(['alpha-1']);
    expect((await views.getTreeItem('fixtures.good.tree', alpha.elementId)).label).to.equal('alpha');
    await commands.executeCommand('fixtures.good.refresh');
    await pollUntil('the tree change event', () => changes.find((c) => c.viewId === 'fixtures.good.tree'), 15_000);
    expect((await views.getChildren('fixtures.good.tree')).map((n) => n.item.label)).to.include('gamma-2');
    subscription.dispose();
  });

  it('answers workspace reads and forwards finished jobs to plugins', async () => {
    expect(await commands.executeCommand('fixtures.good.repositories')).to.deep.equal(kernel.workspace.repositories);
    kernel.workspace.finished.fire({ id: 'job-7', kind: 'backup', status: 'succeeded', repository: 'home', queuedAt: new Date().toISOString() });
    await pollUntil('the plugin to see the finished job', () => messages.includes('fixtures.good: job job-7 finished'), 15_000);
  });

  it('stops the host process by pid', async () => {
    const service = kernel.container.get<PluginServiceImpl>(PluginService);
    const pid = service.hostPid;
    expect(pid).to.be.a('number');
    await kernel.plugins.stop();
    expect(() => process.kill(pid!, 0)).to.throw();
  });
});
