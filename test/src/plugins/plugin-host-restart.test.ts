import { join } from 'node:path';
import { CancellationToken } from '@timelocker/plugin-api';
import { expect } from 'chai';
import { pollUntil } from '@timelocker/plugin-api/testing';
import { BackendRegistry } from '../../../workbench/dist/node/plugins/backend-registry.js';
import { CommandRegistry } from '../../../workbench/dist/node/plugins/command-registry.js';
import { createTestKernel, rejectionOf, type TestKernel } from './plugin-kernel.js';

describe('plugin host crashes (real plugin host)', function () {
  this.timeout(60_000);
  let kernel: TestKernel;
  let commands: CommandRegistry;

  beforeEach(async () => {
    kernel = await createTestKernel(['good', 'crashes-host']);
    commands = kernel.container.get<CommandRegistry>(CommandRegistry);
    await kernel.plugins.start();
  });
  afterEach(() => kernel.dispose());

  it('restarts the host and replays the activation events seen so far', async () => {
    expect(await commands.executeCommand('fixtures.good.hello', 'before')).to.equal('hello before');
    expect(await commands.executeCommand('fixtures.crash.ping')).to.equal('pong');
    const crash = await rejectionOf(commands.executeCommand('fixtures.crash.now'));
    expect(crash.message).to.match(/plugin host exited while plugin fixtures\.crashes-host was handling command "fixtures\.crash\.now"/);
    // Replay brings both plugins back without anyone asking for their events again.
    await pollUntil('the good plugin to be active again', () => kernel.status('fixtures.good').state === 'active', 15_000);
    await pollUntil('the crashing plugin to be active again', () => kernel.status('fixtures.crashes-host').state === 'active', 15_000);
    expect(await commands.executeCommand('fixtures.good.hello', 'after')).to.equal('hello after');
    expect(await commands.executeCommand('fixtures.crash.ping')).to.equal('pong');
    const backends = kernel.container.get<BackendRegistry>(BackendRegistry);
    const path = join(kernel.temp.path, 'after-crash');
    expect((await backends.resolve('local', { path }, {}, CancellationToken.None)).location).to.deep.equal({ repository: path });
  });

  it('gives up after 3 restarts within 5 minutes and says so', async () => {
    await commands.executeCommand('fixtures.good.hello', 'x');
    for (let crash = 1; crash <= 4; crash++) {
      const error = await rejectionOf(commands.executeCommand('fixtures.crash.now'));
      expect(error.message, `crash ${crash}`).to.match(/plugin host exited/);
    }
    const status = await pollUntil('every plugin to be failed', () => {
      const s = kernel.status('fixtures.good');
      return s.state === 'failed' ? s : undefined;
    }, 15_000);
    expect(status.error).to.match(/plugin host keeps crashing \(4 times within 5 minutes\)/);
    expect(kernel.status('fixtures.crashes-host').state).to.equal('failed');
    const refused = await rejectionOf(commands.executeCommand('fixtures.good.hello', 'y'));
    expect(refused.message).to.match(/is unavailable: plugin fixtures\.good failed to activate at \S+: The plugin host keeps crashing/);
  });
});
