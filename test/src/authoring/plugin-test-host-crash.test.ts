import { expect } from 'chai';
import { PluginTestError, PluginTestHost } from '@timelocker/plugin-api/testing';
import { fixture } from '../plugins/plugin-kernel.js';

describe('PluginTestHost: a plugin that takes its host down (real plugin host)', function () {
  this.timeout(30_000);

  it('activate() fails saying the host exited and how, instead of never settling', async () => {
    const host = await PluginTestHost.start({ pluginPath: fixture('kills-host-on-activate') });
    try {
      const failure = await host.activate().then(() => undefined, (error: unknown) => error);
      expect(failure).to.be.instanceOf(PluginTestError);
      expect((failure as Error).message).to.equal('the plugin host exited (SIGKILL) during activation on onStartupFinished of fixtures.kills-host-on-activate');
    } finally {
      await host.dispose();
    }
  });
});
