import { join } from 'node:path';
import { CancellationToken } from '@timelocker/plugin-api';
import { expect } from 'chai';
import { pollUntil } from '@timelocker/plugin-api/testing';
import { BackendRegistry } from '../../../workbench/dist/node/plugins/backend-registry.js';
import { ProviderUnavailableError } from '../../../workbench/dist/node/plugins/plugin-errors.js';
import { CommandRegistry } from '../../../workbench/dist/node/plugins/command-registry.js';
import { ContributionRegistry } from '../../../workbench/dist/node/plugins/contribution-registry.js';
import { createTestKernel, rejectionOf, type TestKernel } from './plugin-kernel.js';

const all = [
  'good', 'throws-on-activate', 'hangs-on-activate', 'crashes-host', 'calls-process-exit', 'bad-manifest',
  'bad-contribution-entry', 'incompatible-engine', 'registers-undeclared-id', 'duplicate-id',
];

describe('plugin isolation (real plugin host)', function () {
  this.timeout(60_000);
  let kernel: TestKernel;
  let backends: BackendRegistry;
  let commands: CommandRegistry;

  before(async () => {
    kernel = await createTestKernel(all, { activationTimeoutMs: 1_500 });
    backends = kernel.container.get<BackendRegistry>(BackendRegistry);
    commands = kernel.container.get<CommandRegistry>(CommandRegistry);
    await kernel.plugins.start();
  });
  after(() => kernel.dispose());

  it('lists builtin and fixture plugins, inactive until an event', () => {
    expect(kernel.status('timelocker.local')).to.include({ state: 'inactive', builtin: true });
    expect(kernel.status('fixtures.good')).to.include({ state: 'inactive', builtin: false });
  });

  it('rejects a manifest with bad base fields, naming them', () => {
    const status = kernel.status('fixtures.bad-manifest');
    expect(status.state).to.equal('rejected');
    const text = status.messages.join('\n');
    expect(text).to.match(/engines/);
    expect(text).to.match(/\/version/);
  });

  it('rejects an incompatible engine with both versions in the message', () => {
    const status = kernel.status('fixtures.incompatible-engine');
    expect(status.state).to.equal('rejected');
    expect(status.messages.join('\n')).to.include('^2.0.0').and.include('1.0.0');
  });

  it('rejects a second plugin with the same id', () => {
    const rejected = kernel.plugins.listPlugins().filter((p) => p.id === 'fixtures.good' && p.state === 'rejected');
    expect(rejected).to.have.length(1);
    expect(rejected[0]!.messages.join()).to.match(/duplicate plugin id fixtures\.good/);
  });

  it('drops only the bad contribution entry and keeps the plugin', async () => {
    const contributions = kernel.container.get<ContributionRegistry>(ContributionRegistry);
    expect(contributions.find('backends', 'fixtures.fixture-bce-good')?.pluginId).to.equal('fixtures.bad-contribution-entry');
    expect(contributions.find('backends', 'fixtures.fixture-bce-bad')).to.equal(undefined);
    const status = kernel.status('fixtures.bad-contribution-entry');
    expect(status.messages.join('\n')).to.match(/contributes\.backends\[1\] dropped: .*label/);
    expect(await backends.resolve('fixtures.fixture-bce-good', {}, {}, CancellationToken.None)).to.deep.equal({ issues: [], location: { repository: '/bce' } });
  });

  it('marks a plugin whose activate throws as failed, with its error', async () => {
    await kernel.plugins.activateByEvent('onCommand:fixtures.throws.run');
    const status = kernel.status('fixtures.throws-on-activate');
    expect(status.state).to.equal('failed');
    expect(status.error).to.include('boom on activate');
  });

  it('times out a hung activate without blocking the others', async () => {
    await kernel.plugins.activateByEvent('onCommand:fixtures.hangs.run');
    const status = kernel.status('fixtures.hangs-on-activate');
    expect(status.state).to.equal('failed');
    expect(status.error).to.match(/did not finish within 1500 ms/);
    expect(await commands.executeCommand('fixtures.good.hello', 'after hang')).to.equal('hello after hang');
  });

  it('refuses to register an id the manifest does not declare', async () => {
    const error = await rejectionOf(backends.resolve('fixtures.fixture-declared', {}, {}, CancellationToken.None));
    expect(error).to.be.instanceOf(ProviderUnavailableError);
    expect(error.message).to.include('fixtures.registers-undeclared-id');
    const status = kernel.status('fixtures.registers-undeclared-id');
    expect(status.state).to.equal('failed');
    expect(status.error).to.match(/cannot register backend "fixture-undeclared": its package.json does not declare it/);
  });

  it('refuses process.exit and attributes uncaught errors to the plugin; the host survives', async () => {
    await kernel.plugins.activateByEvent('onCommand:fixtures.exit.now');
    expect(kernel.status('fixtures.calls-process-exit').state).to.equal('active');
    const reported = await pollUntil('the process.exit from a timer to be reported', () =>
      kernel.status('fixtures.calls-process-exit').messages.find((m) => /called process\.exit\(1\)/.test(m)), 15_000);
    expect(reported).to.include('fixtures.calls-process-exit');
    expect((await rejectionOf(commands.executeCommand('fixtures.exit.now'))).message).to.match(/called process\.exit\(0\)/);
    expect(await commands.executeCommand('fixtures.good.hello', 'still here')).to.equal('hello still here');
  });

  it('names the known ids for an unknown backend, and the plugin for a failed one', async () => {
    const unknown = await rejectionOf(backends.resolve('nope', {}, {}, CancellationToken.None));
    expect(unknown).to.be.instanceOf(ProviderUnavailableError);
    expect(unknown.message).to.match(/backend "nope" is unavailable: no installed plugin contributes it \(installed backends: local, rclone, s3, sftp, .*fixtures\.fixture-good/);
    await kernel.plugins.activateByEvent('onCommand:fixtures.throws.run');
    const failed = await rejectionOf(commands.executeCommand('fixtures.throws.run'));
    expect(failed.message).to.include('fixtures.throws-on-activate').and.include('boom on activate');
  });

  it('resolves the builtin local backend', async () => {
    const path = join(kernel.temp.path, 'repo');
    expect(await backends.resolve('local', { path }, {}, CancellationToken.None)).to.deep.equal({ issues: [], location: { repository: path } });
    expect(kernel.status('timelocker.local').state).to.equal('active');
    expect(kernel.status('timelocker.local').activationMs).to.be.a('number');
  });
});
