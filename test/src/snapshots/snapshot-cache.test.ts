import { execFile } from 'node:child_process';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'chai';
import { json } from '../support/cli.js';
import { TestWorkspace } from '../support/workspace.js';

const run = promisify(execFile);
const PASSWORD = 'snapshot-cache-pw-5310';

interface SnapshotJson { id: string; shortId: string; paths: string[] }

describe('snapshot and folder listings from the catalog caches (real restic, argv recorder)', function () {
  this.timeout(180_000);
  let ws: TestWorkspace;
  let source: string;
  let repo: string;
  const env = { REPO_PW: PASSWORD };
  const cli = async (args: readonly string[]) => {
    const result = await ws.cli(args, { env });
    expect(result.code, `${args.join(' ')}: ${result.stderr}`).to.equal(0);
    return result;
  };
  const restic = (args: readonly string[]) => run('restic', [...args], { env: { ...process.env, RESTIC_REPOSITORY: repo, RESTIC_PASSWORD: PASSWORD } });
  /** How many restic processes of this command TimeLocker started so far. */
  const resticRuns = async (command: string) => (await ws.resticArgv()).filter((argv) => argv[0] === command).length;
  /** The kernel log written while `fn` ran. */
  const logOf = async (fn: () => Promise<unknown>) => {
    const log = join(ws.dataDir, 'logs', 'timelocker.log');
    const before = (await readFile(log, 'utf8')).length;
    await fn();
    return (await readFile(log, 'utf8')).slice(before);
  };
  const listed = async (...flags: string[]) => json<SnapshotJson[]>(await cli(['snapshots', '--repo', 'r', '--json', ...flags])).map((s) => s.id);

  before(async () => {
    ws = await TestWorkspace.create();
    source = join(ws.path, 'src');
    repo = join(ws.path, 'repo');
    await mkdir(join(source, 'folder'), { recursive: true });
    await writeFile(join(source, 'folder', 'a.txt'), 'a\n');
    await cli(['repo', 'add', 'r', '--backend', 'local', '--path', repo, '--password-env', 'REPO_PW']);
    await cli(['repo', 'init', 'r']);
    await cli(['plan', 'add', 'docs', '--repo', 'r', '--path', source]);
    await cli(['backup', 'docs']);
  });

  after(() => ws?.remove());

  it('lists from the cache; a snapshot made behind its back appears, a forgotten one disappears, --refresh asks restic', async () => {
    let first: string | undefined;
    expect(await logOf(async () => ([first] = await listed())), 'the first listing resolves the repository').to.include('Plugin host');
    expect(await resticRuns('snapshots')).to.equal(1);
    // Nothing changed: the local repository's snapshots/ folder tells, no restic process at all, no plugin host.
    const before = (await ws.resticArgv()).length;
    expect(await logOf(async () => expect(await listed()).to.deep.equal([first]))).not.to.include('Plugin host');
    expect((await ws.resticArgv()).length).to.equal(before);
    // The config changed since the repository was last resolved: resolved again (from the cache all the same).
    await cli(['plan', 'add', 'other', '--repo', 'r', '--path', join(source, 'folder')]);
    expect(await logOf(async () => expect(await listed()).to.deep.equal([first]))).to.include('Plugin host');
    expect((await ws.resticArgv()).length).to.equal(before);

    await writeFile(join(source, 'behind-its-back.txt'), 'plain restic\n');
    await restic(['backup', '-q', source]);
    const both = await listed();
    expect(both).to.have.length(2).and.include(first);
    expect(await resticRuns('snapshots')).to.equal(2);

    await restic(['forget', first!]);
    expect(await listed()).to.deep.equal(both.filter((id) => id !== first));
    expect(await resticRuns('snapshots'), 'a snapshot gone needs no listing').to.equal(2);

    expect(await listed('--refresh')).to.deep.equal(both.filter((id) => id !== first));
    expect(await resticRuns('snapshots')).to.equal(3);
  });

  it('a folder listed once is served from the listing cache, which follows forget', async () => {
    const ls = async () => json<Array<{ path: string }>>(await cli(['ls', 'latest', join(source, 'folder'), '--repo', 'r', '--json'])).map((e) => e.path);
    const runsBefore = await resticRuns('ls');
    expect(await ls()).to.deep.equal([join(source, 'folder', 'a.txt')]);
    expect(await ls()).to.deep.equal([join(source, 'folder', 'a.txt')]);
    expect(await resticRuns('ls') - runsBefore).to.equal(1);
    const [latest] = await listed();
    const cached = join(ws.dataDir, 'tree-listings', 'r');
    expect(await readdir(cached)).to.include(latest);
    await restic(['forget', latest!]);
    await listed();
    expect(await readdir(cached)).not.to.include(latest);
  });
});
