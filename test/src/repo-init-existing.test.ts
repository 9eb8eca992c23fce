import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'chai';
import { TestWorkspace } from './support/workspace.js';

describe('repo add and repo init where a repository is there already (real CLI, real restic)', function () {
  this.timeout(120_000);
  const env = { REPO_PW: 'init-existing-pw-8', OTHER_PW: 'not-the-password' };
  let ws: TestWorkspace;
  let repo: string;

  before(async () => {
    ws = await TestWorkspace.create(env);
    repo = join(ws.path, 'repo');
    const source = join(ws.path, 'source');
    await mkdir(source);
    await writeFile(join(source, 'a.txt'), 'kept\n');
    for (const step of [
      ['repo', 'add', 'home', '--backend', 'local', '--path', repo, '--password-env', 'REPO_PW'],
      ['repo', 'init', 'home'],
      ['plan', 'add', 'docs', '--repo', 'home', '--path', source],
      ['backup', 'docs'],
      ['backup', 'docs'],
    ]) {
      const result = await ws.cli(step);
      expect(result.code, result.stderr).to.equal(0);
    }
  });

  after(() => ws?.remove());

  it('init of an initialized repository that had snapshots says so and exits 0, asking for no --confirm-path', async () => {
    const init = await ws.cli(['repo', 'init', 'home']);
    expect(init.code, init.stderr).to.equal(0);
    expect(init.stdout).to.include(`Repository "home" is already initialized at ${repo} (2 snapshot(s)); nothing to do.`);
    expect(init.stderr).to.not.include('--confirm-path').and.not.include('may not be mounted');
    const json = await ws.cli(['repo', 'init', 'home', '--json']);
    expect(JSON.parse(json.stdout)).to.deep.equal({ repository: 'home', alreadyInitialized: true, location: repo, snapshots: 2 });
    const jobs = await ws.cli(['jobs', '--json']);
    expect((JSON.parse(jobs.stdout) as Array<{ kind: string }>).filter((job) => job.kind === 'init')).to.have.length(1);
  });

  it('repo add of that location says it is ready (no init), and init of the new name finds it too', async () => {
    const add = await ws.cli(['repo', 'add', 'again', '--backend', 'local', '--path', repo, '--password-env', 'REPO_PW']);
    expect(add.code, add.stderr).to.equal(0);
    expect(add.stdout).to.include(`Connection test: ok: restic repository found at ${repo}`)
      .and.include('Ready: the restic repository is there already, no init needed').and.include('timelocker snapshots --repo again')
      .and.not.include('repo init').and.not.include('repo adopt');
    const init = await ws.cli(['repo', 'init', 'again']);
    expect(init.code, init.stderr).to.equal(0);
    expect(init.stdout).to.include(`Repository "again" is already initialized at ${repo} (2 snapshot(s)); nothing to do.`);
  });

  it('init with a password that does not open the repository there says so (exit 1), not "already exists"', async () => {
    const add = await ws.cli(['repo', 'add', 'wrong', '--backend', 'local', '--path', repo, '--password-env', 'OTHER_PW']);
    expect(add.code, add.stderr).to.equal(0);
    const init = await ws.cli(['repo', 'init', 'wrong']);
    expect(init.code).to.equal(1);
    expect(init.stderr).to.include('Wrong password for repository "wrong"');
  });

  it('repo add of an empty location says to init it, and init creates it', async () => {
    const fresh = join(ws.path, 'fresh');
    const add = await ws.cli(['repo', 'add', 'fresh', '--backend', 'local', '--path', fresh, '--password-env', 'REPO_PW']);
    expect(add.code, add.stderr).to.equal(0);
    expect(add.stdout).to.include('Connection test: not-found').and.include('Next: timelocker repo init fresh\n').and.not.include('repo adopt');
    const init = await ws.cli(['repo', 'init', 'fresh']);
    expect(init.code, init.stderr).to.equal(0);
    expect(init.stdout).to.include('Initialized repository "fresh".');
  });

  it('repo add without a required backend flag names the flag (exit 2)', async () => {
    const add = await ws.cli(['repo', 'add', 'nopath', '--backend', 'local', '--password-env', 'REPO_PW']);
    expect(add.code).to.equal(2);
    expect(add.stderr).to.include('--path is required for the local backend: absolute path of the restic repository');
    expect(add.stderr).to.not.include('got ""');
  });
});
