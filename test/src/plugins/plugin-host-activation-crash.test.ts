import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CancellationToken } from '@timelocker/plugin-api';
import { STAR } from '@timelocker/plugin-api/manifest';
import { expect } from 'chai';
import { BackendRegistry } from '../../../workbench/dist/node/plugins/backend-registry.js';
import { CommandRegistry } from '../../../workbench/dist/node/plugins/command-registry.js';
import { PluginManagementService } from '../../../workbench/dist/node/plugin-management/plugin-management-service.js';
import { createTestKernel, rejectionOf, type TestKernel } from './plugin-kernel.js';

const KILLER = 'fixtures.kills-host-on-activate';
const BLOCKER = 'fixtures.blocks-host-on-activate';

/** Every plugin activated at once, as `plugin list --activate` and a first `serve` do. */
async function activateEverything(kernel: TestKernel): Promise<void> {
  await kernel.plugins.activateByEvent(STAR);
}

async function recordedFailures(kernel: TestKernel): Promise<Record<string, { version: string; error: string; endedHost?: boolean }>> {
  const dir = join(kernel.temp.path, 'data', 'plugin-activations');
  const files = await readdir(dir).catch(() => []);
  return Object.fromEntries(await Promise.all(files.map(async (file) => [file.replace(/\.json$/, ''), JSON.parse(await readFile(join(dir, file), 'utf8'))])));
}

/** The rest of the product works: the builtin local backend and another plugin's command. */
async function expectOthersWork(kernel: TestKernel, culprit: string): Promise<void> {
  const failed = kernel.plugins.listPlugins().filter((p) => p.state === 'failed').map((p) => p.id);
  expect(failed, 'only the culprit failed').to.deep.equal([culprit]);
  expect(kernel.status('fixtures.good')).to.include({ state: 'active' }).and.not.have.property('error');
  expect(kernel.status('timelocker.local')).to.include({ state: 'active' }).and.not.have.property('error');
  const path = join(kernel.temp.path, 'repo');
  expect((await kernel.container.get<BackendRegistry>(BackendRegistry).resolve('local', { path }, {}, CancellationToken.None)).location)
    .to.deep.equal({ repository: path });
  expect(await kernel.container.get<CommandRegistry>(CommandRegistry).executeCommand('fixtures.good.hello', 'after')).to.equal('hello after');
  expect(kernel.plugins.hostHealth().up).to.equal(true);
}

describe('a plugin that takes the plugin host down while it activates (real plugin host, real builtin plugins)', function () {
  this.timeout(90_000);
  let kernel: TestKernel | undefined;
  afterEach(() => kernel?.dispose());

  it('kills the host: it is named, left out of every later host and recorded; the others come back; enabling it tries again', async () => {
    kernel = await createTestKernel(['good', 'kills-host-on-activate']);
    await kernel.plugins.start();
    await activateEverything(kernel);

    const killer = kernel.status(KILLER);
    expect(killer.state).to.equal('failed');
    expect(killer.error).to.equal(`the plugin host ended while ${KILLER} was activating. The other plugins go on without it; it is not `
      + `activated again until it is reinstalled or enabled again (disable it: timelocker plugin disable ${KILLER}).`);
    await expectOthersWork(kernel, KILLER);
    // Found in at most two crashes: all plugins at once, then (if several were activating) one at a time.
    expect(kernel.plugins.hostHealth().restarts).to.be.within(1, 2);
    const records = await recordedFailures(kernel);
    expect(Object.keys(records)).to.deep.equal([KILLER]);
    expect(records[KILLER]).to.include({ version: '1.0.0', error: killer.error, endedHost: true });
    const refused = await rejectionOf(kernel.container.get<CommandRegistry>(CommandRegistry).executeCommand('fixtures.kills.ping'));
    expect(refused.message).to.include(`plugin ${KILLER} failed to activate`).and.include(`timelocker plugin disable ${KILLER}`);

    // A restart of the product (a new kernel on the same data dir would read the record) does not activate it again:
    // the running one replays every event without a crash.
    const restartsBefore = kernel.plugins.hostHealth().restarts;
    await activateEverything(kernel);
    expect(kernel.plugins.hostHealth().restarts).to.equal(restartsBefore);

    // Enabling it is asking for another try: it is activated, ends the host again, and is left out again.
    await kernel.container.get<PluginManagementService>(PluginManagementService).setEnabled(KILLER, true);
    await activateEverything(kernel);
    expect(kernel.plugins.hostHealth().restarts).to.be.above(restartsBefore);
    expect(kernel.status(KILLER).state).to.equal('failed');
    await expectOthersWork(kernel, KILLER);
  });

  it('blocks the host\'s event loop: the kernel ends the host and blames that plugin, not the ones it held up', async () => {
    kernel = await createTestKernel(['good', 'blocks-host-on-activate'], { activationTimeoutMs: 1_000 });
    await kernel.plugins.start();
    await activateEverything(kernel);

    const blocker = kernel.status(BLOCKER);
    expect(blocker.state).to.equal('failed');
    expect(blocker.error).to.match(new RegExp(`^activate\\(\\) of ${BLOCKER} did not finish within 1000 ms and blocked the plugin host, which was ended\\. `));
    await expectOthersWork(kernel, BLOCKER);
    expect(Object.keys(await recordedFailures(kernel)), 'no failure recorded for a plugin it held up').to.deep.equal([BLOCKER]);
  });
});
