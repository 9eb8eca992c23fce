import { mkdir, writeFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { dirname, join } from 'node:path';
import { expect } from 'chai';
import { json } from '../support/cli.js';
import { TestWorkspace } from '../support/workspace.js';

describe('the audit log names the OS user of a CLI run without USER and LOGNAME (cron, containers; real CLI)', function () {
  this.timeout(60_000);

  it('records cli:<the uid\'s account>, not cli:unknown', async () => {
    const ws = await TestWorkspace.create();
    try {
      await mkdir(dirname(ws.configFile), { recursive: true });
      await writeFile(ws.configFile, JSON.stringify({ repositories: { home: { backend: 'local', path: join(ws.path, 'repo') } } }));
      const env = { USER: undefined, LOGNAME: undefined };
      const added = await ws.cli(['--accept-privacy-notice', 'plan', 'add', 'docs', '--repo', 'home', '--path', ws.path], { env });
      expect(added.code, added.stderr).to.equal(0);
      const entries = json<Array<{ type: string; actor: string }>>(await ws.cli(['audit', 'list', '--json'], { env }));
      const actors = entries.filter((entry) => entry.type === 'config.changed').map((entry) => entry.actor);
      expect(actors, JSON.stringify(entries)).to.include(`cli:${userInfo().username}`).and.not.include('cli:unknown');
    } finally {
      await ws.remove();
    }
  });
});
