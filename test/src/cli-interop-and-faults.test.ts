import { execFile } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'chai';
import { json } from './support/cli.js';
import { makeSourceTree } from './support/source-tree.js';
import { TestWorkspace } from './support/workspace.js';

const exec = promisify(execFile);
const PASSWORD = 'interop-secret-9f3b';
interface SnapshotJson { id: string; shortId: string }

function plainRestic(repo: string, args: string[], password = PASSWORD): Promise<{ stdout: string }> {
  return exec('restic', args, { env: { PATH: process.env['PATH'] ?? '', RESTIC_REPOSITORY: repo, RESTIC_PASSWORD: password, RESTIC_CACHE_DIR: join(repo, '..', 'plain-cache') } });
}

describe('CLI interop with plain restic, and bad input', function () {
  this.timeout(180_000);
  let ws: TestWorkspace;
  let source: string;
  const env = { REPO_PW: PASSWORD, TIMELOCKER_PASSWORD: undefined };

  before(async () => {
    ws = await TestWorkspace.create();
    source = join(ws.path, 'source');
    await makeSourceTree(source);
    expect((await ws.cli(['repo', 'add', 'main', '--backend', 'local', '--path', join(ws.path, 'repo'), '--password-env', 'REPO_PW'], { env })).code).to.equal(0);
    expect((await ws.cli(['repo', 'init', 'main'], { env })).code).to.equal(0);
    expect((await ws.cli(['plan', 'add', 'src', '--repo', 'main', '--path', source], { env })).code).to.equal(0);
    expect((await ws.cli(['backup', 'src'], { env })).code).to.equal(0);
  });

  after(() => ws?.remove());

  it('plain restic reads a TimeLocker repository and sees the same snapshots', async () => {
    const ours = json<SnapshotJson[]>(await ws.cli(['snapshots', '--repo', 'main', '--json'], { env }));
    const { stdout } = await plainRestic(join(ws.path, 'repo'), ['snapshots', '--json']);
    expect((JSON.parse(stdout) as Array<{ id: string }>).map((s) => s.id)).to.deep.equal(ours.map((s) => s.id));
  });

  it('adopts a repository made by plain restic and lists its snapshots', async () => {
    const plainRepo = join(ws.path, 'plain-repo');
    await plainRestic(plainRepo, ['init']);
    await plainRestic(plainRepo, ['backup', join(source, 'docs')]);
    const adopted = await ws.cli(['repo', 'adopt', 'legacy', '--backend', 'local', '--path', plainRepo, '--password-env', 'REPO_PW', '--json'], { env });
    expect(adopted.code, adopted.stderr).to.equal(0);
    expect(json<{ snapshots: unknown[] }>(adopted).snapshots).to.have.length(1);
    expect(json<unknown[]>(await ws.cli(['snapshots', '--repo', 'legacy', '--json'], { env }))).to.have.length(1);
  });

  it('refuses to adopt with a wrong password and leaves no repository behind', async () => {
    const adopted = await ws.cli(['repo', 'adopt', 'wrong', '--backend', 'local', '--path', join(ws.path, 'plain-repo'), '--password-env', 'REPO_PW'], { env: { REPO_PW: 'not-it' } });
    expect(adopted.code).to.equal(1);
    expect(adopted.stderr).to.include('Wrong password');
    expect(await readFile(ws.configFile, 'utf8')).not.to.include('"wrong"');
  });

  it('reports a wrong password clearly with exit 1', async () => {
    // --refresh: a listing the snapshot cache can answer (nothing new in the repository's snapshots/ folder) opens no
    // repository, so only a command that runs restic can find the password wrong.
    const result = await ws.cli(['snapshots', '--repo', 'main', '--refresh'], { env: { REPO_PW: 'definitely-wrong' } });
    expect(result.code).to.equal(1);
    expect(result.stderr).to.match(/Wrong password for repository "main"/);
    expect(result.stderr).not.to.include('    at ');
  });

  it('says to run `repo init` for a repository that does not exist yet', async () => {
    expect((await ws.cli(['repo', 'add', 'fresh', '--backend', 'local', '--path', join(ws.path, 'not-yet'), '--password-env', 'REPO_PW'], { env })).code).to.equal(0);
    const result = await ws.cli(['snapshots', '--repo', 'fresh'], { env });
    expect(result.code).to.equal(1);
    expect(result.stderr).to.include('timelocker repo init fresh');
  });

  it('refuses a backup path that does not exist before restic runs', async () => {
    const missing = join(ws.path, 'gone');
    await mkdir(missing);
    expect((await ws.cli(['plan', 'add', 'ghost', '--repo', 'main', '--path', missing], { env })).code).to.equal(0);
    await exec('rmdir', [missing]);
    const before = (await ws.resticArgv()).length;
    const result = await ws.cli(['backup', 'ghost'], { env });
    expect(result.code).to.equal(2);
    expect(result.stderr).to.include(`"${missing}" does not exist`);
    expect((await ws.resticArgv()).length).to.equal(before);
  });

  it('reports an unknown snapshot clearly', async () => {
    const result = await ws.cli(['ls', 'deadbeef', '/', '--repo', 'main'], { env });
    expect(result.code).to.equal(2);
    expect(result.stderr).to.include('No snapshot "deadbeef" in repository "main"');
  });

  it('rejects a config with a syntax error with exit 2 and line:col, and overwrites nothing', async () => {
    const good = await readFile(ws.configFile, 'utf8');
    const broken = good.replace('"plans": {', '"plans": {,');
    await writeFile(ws.configFile, broken);
    const listed = await ws.cli(['plan', 'list'], { env });
    expect(listed.code).to.equal(2);
    expect(listed.stderr).to.match(/timelocker\.json:\d+:\d+/);
    const added = await ws.cli(['plan', 'add', 'more', '--repo', 'main', '--path', source], { env });
    expect(added.code).to.equal(2);
    expect(await readFile(ws.configFile, 'utf8')).to.equal(broken);
    await writeFile(ws.configFile, good);
  });

  it('rejects schema errors with every issue, line:col and JSON path (config validate)', async () => {
    const file = join(ws.path, 'bad.json');
    await writeFile(file, '{\n  "repositories": {\n    "r": { "backend": "local", "path": "relative/dir" }\n  },\n  "plans": {\n    "p": { "repository": "nope", "paths": [] }\n  }\n}\n');
    const result = await ws.cli(['config', 'validate', file], { env });
    expect(result.code).to.equal(2);
    expect(result.stderr).to.include(`${file}:3:`).and.include('/repositories/r/path');
    expect(result.stderr).to.include(`${file}:6:`);
    expect(result.stderr.split('\n').filter(Boolean).length).to.be.greaterThanOrEqual(2);
  });

  it('validates `{}` cleanly and refuses nesting beyond 64 levels with file:line:col, never an internal error', async () => {
    const empty = join(ws.path, 'empty.json');
    await writeFile(empty, '{}');
    const valid = await ws.cli(['config', 'validate', empty], { env });
    expect(valid.code, valid.stderr).to.equal(0);
    expect(valid.stdout).to.include(`${empty}: valid`);
    const deep = join(ws.path, 'deep.json');
    await writeFile(deep, `{\n  "plans": ${'['.repeat(100_000)}${']'.repeat(100_000)}\n}\n`);
    const refused = await ws.cli(['config', 'validate', deep], { env });
    expect(refused.code).to.equal(2);
    // The object is level 1; `  "plans": ` takes 11 columns, so level n (n > 1) opens at column 10 + n.
    expect(refused.stderr.trim()).to.equal(`${deep}:2:75: nests objects and arrays deeper than 64 levels; nothing TimeLocker reads needs that many`);
  });

  it('answers usage errors with exit 2 and no stack trace', async () => {
    const result = await ws.cli(['backup'], { env });
    expect(result.code).to.equal(2);
    const unknown = await ws.cli(['backup', 'no-such-plan'], { env });
    expect(unknown.code).to.equal(2);
    expect(unknown.stderr).to.include('Unknown plan "no-such-plan"').and.not.include('    at ');
  });
});
