import { chmod, mkdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'chai';
import { TestWorkspace } from './support/workspace.js';

describe('the data dir is its owner\'s only (real CLI)', function () {
  this.timeout(60_000);

  it('a data dir other users could read (an older TimeLocker, a umask of 022) is made 0700 by the next command, which logs it', async () => {
    const ws = await TestWorkspace.create();
    try {
      await mkdir(ws.dataDir, { recursive: true });
      await chmod(ws.dataDir, 0o755);
      const result = await ws.cli(['--accept-privacy-notice', 'jobs']);
      expect(result.code, result.stderr).to.equal(0);
      expect((await stat(ws.dataDir)).mode & 0o777).to.equal(0o700);
      expect(await readFile(join(ws.dataDir, 'logs', 'timelocker.log'), 'utf8'))
        .to.include(`The data dir ${ws.dataDir} could be read by other users (mode 755); it is now 700`);
    } finally {
      await ws.remove();
    }
  });
});
