import { join } from 'node:path';
import { expect } from 'chai';
import { json, runCli } from '../support/cli.js';
import { makeTempDir, type TempDir } from '../support/temp-dir.js';
import { copyExample, installBuildTest, packPluginApi } from './authoring-support.js';

interface ListedPlugin { id: string; state: string; activationMs?: number }

/** The examples are built and tested from their own folders, depending only on the packed API, as an outside author would. */
describe('out-of-tree example plugins', function () {
  this.timeout(240_000);
  let temp: TempDir;

  before(async () => {
    temp = await makeTempDir('tl-examples');
    // The examples reference file:../timelocker-plugin-api-1.0.0.tgz: the packed API next to their folder.
    await packPluginApi(temp.path);
  });
  after(() => temp.remove());

  for (const [example, id, event] of [
    ['rest-backend', 'examples.rest-backend', 'rest'],
    ['markdown-report', 'examples.markdown-report', 'markdown'],
  ] as const) {
    it(`${example}: installs offline, builds, passes its own tests, and installs into TimeLocker`, async () => {
      const dir = await copyExample(example, temp.path);
      const { passing } = await installBuildTest(dir);
      expect(passing).to.be.at.least(4);
      const cli = (...args: string[]) => runCli(['--data-dir', join(temp.path, `data-${example}`), '--config', join(temp.path, 'timelocker.json'), ...args]);
      const installed = await cli('plugin', 'install', dir);
      expect(installed.code, installed.stderr).to.equal(0);
      const listed = json<ListedPlugin[]>(await cli('--json', 'plugin', 'list', '--activate')).find((p) => p.id === id);
      expect(listed, `${id} (${event})`).to.include({ state: 'active' });
    });
  }
});
