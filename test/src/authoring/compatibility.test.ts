import { fileURLToPath } from 'node:url';
import { checkEngine } from '@timelocker/plugin-api/manifest';
import { PluginTestHost } from '@timelocker/plugin-api/testing';
import { expect } from 'chai';
import { json, runCli } from '../support/cli.js';
import { makeTempDir } from '../support/temp-dir.js';

const incompatible = fileURLToPath(new URL('../../fixtures/plugins/incompatible-engine', import.meta.url));
const message = 'fixtures.incompatible-engine requires TimeLocker plugin API ^2.0.0, but this TimeLocker provides 1.0.0; install a version of the plugin built for 1.x.';

describe('plugin API compatibility promise', () => {
  it('a plugin built for ^1.0.0 is accepted by every 1.x API, and by no other major', () => {
    for (const version of ['1.0.0', '1.0.1', '1.1.0', '1.7.3', '1.42.0', '1.999.999']) {
      expect(checkEngine('^1.0.0', version, 'me.plugin'), version).to.deep.equal({ compatible: true });
    }
    for (const version of ['0.9.0', '2.0.0', '2.0.0-beta.1', '3.1.0']) {
      const check = checkEngine('^1.0.0', version, 'me.plugin');
      expect(check.compatible, version).to.equal(false);
      expect(check.message).to.include(`this TimeLocker provides ${version}`);
    }
  });

  it('a plugin declaring ^2.0.0 is listed as rejected with the clear message', async function () {
    this.timeout(30_000);
    const temp = await makeTempDir('tl-compat');
    try {
      const result = await runCli(['--data-dir', temp.path, '--plugin-dir', incompatible, '--json', 'plugins', 'list']);
      const listed = json<Array<{ id: string; state: string; messages: string[] }>>(result).find((p) => p.id === 'fixtures.incompatible-engine');
      expect(listed).to.deep.include({ state: 'rejected', messages: [message] });
      const install = await runCli(['--data-dir', temp.path, 'plugin', 'install', incompatible]);
      expect(install.code).to.equal(1);
      expect(install.stderr).to.include(message);
    } finally {
      await temp.remove();
    }
  });

  it('the test harness refuses it too, with the same message', async () => {
    let error: Error | undefined;
    try {
      await PluginTestHost.start({ pluginPath: incompatible });
    } catch (thrown) {
      error = thrown as Error;
    }
    expect(error?.message).to.equal(message);
  });
});
