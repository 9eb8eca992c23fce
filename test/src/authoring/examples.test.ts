import { join } from 'node:path';
import { expect } from 'chai';
import { json, runCli } from '../support/cli.js';
import { AuthorWorkspace } from './authoring-support.js';

interface ListedPlugin { id: string; state: string; activationMs?: number }

/** The examples are built and tested from their own folders as written, depending only on the API this TimeLocker packed. */
describe('out-of-tree example plugins', function () {
  this.timeout(300_000);
  let author: AuthorWorkspace;

  before(async () => (author = await AuthorWorkspace.create('tl-examples')));
  after(() => author.remove());

  for (const [example, id, event] of [
    ['rest-backend', 'examples.rest-backend', 'rest'],
    ['markdown-report', 'examples.markdown-report', 'markdown'],
  ] as const) {
    it(`${example}: installs, builds, passes its own tests in this TimeLocker's plugin host, and installs into TimeLocker`, async () => {
      const dir = await author.copyExample(example);
      const { passing } = await author.installBuildTest(dir);
      expect(passing).to.be.at.least(4);
      const cli = (...args: string[]) => runCli(['--data-dir', join(author.path, `data-${example}`), '--config', join(author.path, 'timelocker.json'), ...args]);
      const installed = await cli('plugin', 'install', dir);
      expect(installed.code, installed.stderr).to.equal(0);
      const listed = json<ListedPlugin[]>(await cli('--json', 'plugin', 'list', '--activate')).find((p) => p.id === id);
      expect(listed, `${id} (${event})`).to.include({ state: 'active' });
    });
  }
});
