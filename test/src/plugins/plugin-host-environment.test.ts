import { join } from 'node:path';
import { expect } from 'chai';
import { pollUntil } from '@timelocker/plugin-api/testing';
import { ConfigService } from '../../../workbench/dist/node/config/config-service.js';
import { CommandRegistry } from '../../../workbench/dist/node/plugins/command-registry.js';
import { createTestKernel, type TestKernel } from './plugin-kernel.js';

/** Set in this process before the host is forked, so the host inherits them as it would from `serve`'s environment. */
const inherited: Record<string, string> = {
  TL_WITHHELD_REPO_PW: 'repo password 1', TIMELOCKER_PASSWORD: 'quickstart password 2', RESTIC_PASSWORD: 'restic password 3',
  TL_LATER_SECRET: 'named as a secret later 4', TL_ORDINARY: 'not a secret',
};

describe('the plugin host\'s environment holds no secret the config names (real plugin host)', function () {
  this.timeout(60_000);
  let kernel: TestKernel;
  let commands: CommandRegistry;
  const saved = Object.fromEntries(Object.keys(inherited).map((name) => [name, process.env[name]]));
  const has = (name: string): Promise<boolean> => commands.executeCommand('fixtures.env.has', name) as Promise<boolean>;

  before(async () => {
    Object.assign(process.env, inherited);
    kernel = await createTestKernel(['reads-environment'], {}, (dir) => ({
      repositories: { home: { backend: 'local', path: join(dir, 'repo'), password: { env: 'TL_WITHHELD_REPO_PW' } } },
    }));
    commands = kernel.container.get<CommandRegistry>(CommandRegistry);
    await kernel.plugins.start();
  });
  after(async () => {
    await kernel?.dispose();
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });

  it('drops password variables the config names, TIMELOCKER_PASSWORD and restic\'s, before any plugin runs; keeps the rest', async () => {
    expect(await has('TL_WITHHELD_REPO_PW')).to.equal(false);
    expect(await has('TIMELOCKER_PASSWORD')).to.equal(false);
    expect(await has('RESTIC_PASSWORD')).to.equal(false);
    expect(await has('TL_ORDINARY')).to.equal(true);
    expect(await has('PATH')).to.equal(true);
  });

  it('drops a variable as soon as a config change names it as a secret source', async () => {
    expect(await has('TL_LATER_SECRET')).to.equal(true);
    const config = kernel.container.get<ConfigService>(ConfigService);
    await config.modify(['repositories', 'offsite'], { backend: 'local', path: join(kernel.temp.path, 'offsite'), password: { env: 'TL_LATER_SECRET' } });
    await pollUntil('the host to drop TL_LATER_SECRET', async () => ((await has('TL_LATER_SECRET')) ? undefined : true), 10_000);
    expect(await has('TL_ORDINARY')).to.equal(true);
  });
});
