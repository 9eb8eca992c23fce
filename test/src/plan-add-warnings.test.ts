import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { expect } from 'chai';
import { json } from './support/cli.js';
import { TestWorkspace } from './support/workspace.js';

describe('plan add says what looks wrong with the paths now, and adds the plan (real CLI)', function () {
  this.timeout(60_000);
  let ws: TestWorkspace;

  before(async () => {
    ws = await TestWorkspace.create();
    await mkdir(dirname(ws.configFile), { recursive: true });
    await mkdir(join(ws.path, 'home', 'backups'), { recursive: true });
    await writeFile(ws.configFile, JSON.stringify({ repositories: { inside: { backend: 'local', path: join(ws.path, 'home', 'backups', 'repo') } } }));
  });
  after(() => ws.remove());

  it('a folder that is not there (a drive not mounted yet): a warning, exit 0, the plan added', async () => {
    const missing = join(ws.path, 'media', 'usb');
    const result = await ws.cli(['plan', 'add', 'usb', '--repo', 'inside', '--path', missing]);
    expect(result.code, result.stderr).to.equal(0);
    expect(result.stderr).to.include(`warning: "${missing}" does not exist now: the plan's backups fail until it does`);
    expect(result.stdout).to.include('Added plan "usb"');
  });

  it('the repository inside a source: a warning naming the exclude; none once it is excluded', async () => {
    const home = join(ws.path, 'home');
    const repo = join(home, 'backups', 'repo');
    const warned = await ws.cli(['plan', 'add', 'home', '--repo', 'inside', '--path', home, '--json']);
    expect(warned.code, warned.stderr).to.equal(0);
    expect(warned.stderr).to.include(`warning: repository "inside" (${repo}) lies inside "${home}": every backup would copy the repository into itself. Exclude it (--exclude ${repo})`);
    expect(json<{ warnings: string[] }>(warned).warnings).to.have.length(1);
    const excluded = await ws.cli(['plan', 'add', 'home2', '--repo', 'inside', '--path', home, '--exclude', repo, '--json']);
    expect(excluded.stderr).not.to.include('warning');
    expect(json<{ warnings: string[] }>(excluded).warnings).to.deep.equal([]);
  });
});
