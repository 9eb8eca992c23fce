import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'chai';
import { json } from './support/cli.js';
import { startPrivateKeyring, type PrivateKeyring } from './support/private-keyring.js';
import { describeTree, makeSourceTree } from './support/source-tree.js';
import { TestWorkspace } from './support/workspace.js';
import { filesContaining } from './support/data-dir-files.js';

interface SnapshotJson { id: string; shortId: string; repository: string; paths: string[]; tags: string[] }
interface EntryJson { name: string; type: string; path: string; size?: number }
interface JobJson { id: string; kind: string; status: string; summary?: Record<string, number | string>; error?: string }

const PASSWORD = 'correct horse battery staple 42';

describe('CLI end to end with real restic and a real keyring', function () {
  this.timeout(180_000);
  let keyring: PrivateKeyring;
  let ws: TestWorkspace;
  let source: string;
  let repoPath: string;

  before(async () => {
    keyring = await startPrivateKeyring();
    ws = await TestWorkspace.create(keyring.env);
    source = join(ws.path, 'source');
    repoPath = join(ws.path, 'repo');
    await makeSourceTree(source);
  });

  after(async () => {
    await keyring?.stop();
    await ws?.remove();
  });

  it('adds a local repository with the password in the keyring, not in the config', async () => {
    const added = await ws.cli(['repo', 'add', 'home', '--backend', 'local', '--path', repoPath, '--password-stdin'], { input: `${PASSWORD}\n` });
    expect(added.code, added.stderr).to.equal(0);
    const config = await readFile(ws.configFile, 'utf8');
    expect(config).to.include('"keyring": true').and.not.include(PASSWORD);
    const secrets = json<Array<{ name: string }>>(await ws.cli(['secret', 'list', '--json']));
    expect(secrets.map((s) => s.name)).to.deep.equal(['home/password']);
  });

  it('initializes, adds a plan with excludes and backs it up', async () => {
    const init = await ws.cli(['repo', 'init', 'home']);
    expect(init.code, init.stderr).to.equal(0);
    const plan = await ws.cli(['plan', 'add', 'docs', '--repo', 'home', '--path', source, '--exclude', '*.tmp', '--tag', 'e2e']);
    expect(plan.code, plan.stderr).to.equal(0);
    const backup = await ws.cli(['backup', 'docs']);
    expect(backup.code, backup.stderr).to.equal(0);
    expect(backup.stdout).to.match(/Snapshot [0-9a-f]{8} saved: \d+ new/);
    const jobs = json<JobJson[]>(await ws.cli(['jobs', '--json']));
    const backupJob = jobs.find((j) => j.kind === 'backup');
    expect(backupJob?.status).to.equal('succeeded');
    // restic counts regular files only: the symlink is stored in the tree, not as a file.
    expect(backupJob?.summary?.['filesNew']).to.equal(4);
  });

  it('lists the snapshot with filters, and browses one directory level at a time', async () => {
    const all = json<SnapshotJson[]>(await ws.cli(['snapshots', '--json']));
    expect(all).to.have.length(1);
    expect(all[0]!.paths).to.deep.equal([source]);
    expect(all[0]!.tags).to.include.members(['e2e', 'plan:docs']);
    expect(json<SnapshotJson[]>(await ws.cli(['snapshots', '--plan', 'docs', '--json']))).to.have.length(1);
    expect(json<SnapshotJson[]>(await ws.cli(['snapshots', '--tag', 'nope', '--json']))).to.have.length(0);
    expect(json<SnapshotJson[]>(await ws.cli(['snapshots', '--repo', 'home', '--path', source, '--latest', '1', '--json']))).to.have.length(1);

    const top = json<EntryJson[]>(await ws.cli(['ls', all[0]!.shortId, source, '--repo', 'home', '--json']));
    expect(top.map((e) => e.name).sort()).to.deep.equal(['docs', 'link-to-report', 'naïve dir ✓']);
    const docs = json<EntryJson[]>(await ws.cli(['ls', 'latest', join(source, 'docs'), '--repo', 'home', '--json']));
    expect(docs.map((e) => e.name).sort()).to.deep.equal(['deep', 'empty.txt', 'report.txt']);
    expect(docs.find((e) => e.name === 'empty.txt')?.size ?? 0).to.equal(0);
    // A folder the snapshot does not have is not an empty one; a file is not a folder.
    const missing = await ws.cli(['ls', 'latest', join(source, 'no-such-folder'), '--repo', 'home']);
    expect(missing.code).to.equal(2);
    expect(missing.stderr).to.match(new RegExp(`^error: "${join(source, 'no-such-folder')}" is not in snapshot [0-9a-f]{8}: list the folder above it`));
    const file = await ws.cli(['ls', 'latest', join(source, 'docs', 'report.txt'), '--repo', 'home']);
    expect(file.code).to.equal(2);
    expect(file.stderr).to.include('is a file in snapshot').and.include('`timelocker dump` writes out a file');
    expect(json<EntryJson[]>(await ws.cli(['ls', 'latest', join(source, 'docs', 'deep'), '--repo', 'home', '--json'])).map((e) => e.name)).to.deep.equal(['deeper']);
  });

  it('restores everything byte for byte (excluded files absent), and one file with --include', async () => {
    const target = join(ws.path, 'restore-all');
    const restore = await ws.cli(['restore', 'latest', '--repo', 'home', '--target', target, '--verify']);
    expect(restore.code, restore.stderr).to.equal(0);
    expect(restore.stdout).to.match(/verified \d+ file/);
    const original = await describeTree(source);
    for (const excluded of ['scratch.tmp', 'docs/cache.tmp']) original.delete(excluded);
    expect(await describeTree(join(target, source))).to.deep.equal(original);

    const one = join(ws.path, 'restore-one');
    const file = join(source, 'naïve dir ✓', 'ünïcödé file.md');
    const dryRun = json<{ files: number; paths: string[] }>(await ws.cli(['restore', 'latest', '--repo', 'home', '--target', one, '--include', file, '--dry-run', '--json']));
    expect(dryRun.paths).to.deep.equal([file]);
    const partial = await ws.cli(['restore', 'latest', '--repo', 'home', '--target', one, '--include', file]);
    expect(partial.code, partial.stderr).to.equal(0);
    const restored = await describeTree(join(one, source));
    expect([...restored].filter(([, e]) => e.type !== 'dir').map(([p]) => p)).to.deep.equal(['naïve dir ✓/ünïcödé file.md']);
    expect(await readFile(join(one, file))).to.deep.equal(await readFile(file));
  });

  it('refuses to restore into a non-empty folder unless --overwrite', async () => {
    const target = join(ws.path, 'restore-all');
    const refused = await ws.cli(['restore', 'latest', '--repo', 'home', '--target', target]);
    expect(refused.code).to.equal(2);
    expect(refused.stderr).to.include('is not empty');
  });

  it('never leaks the password: not in any restic argv, log line, data dir file, config or CLI output', async () => {
    const argv = await ws.resticArgv();
    expect(argv.length).to.be.greaterThan(5);
    for (const args of argv) expect(args.join(' ')).not.to.include(PASSWORD);
    const log = await readFile(join(ws.dataDir, 'logs', 'timelocker.log'), 'utf8');
    expect(log).to.include('restic backup');
    expect(log).not.to.include(PASSWORD);
    expect(await filesContaining(ws.dataDir, PASSWORD), 'catalog, history, job output').to.deep.equal([]);
    expect(await readFile(ws.configFile, 'utf8')).not.to.include(PASSWORD);
    for (const output of ws.outputs) expect(output.stdout + output.stderr).not.to.include(PASSWORD);
  });

  it('renames the repository: its keyring password, plan and snapshots follow', async () => {
    const renamed = await ws.cli(['repo', 'rename', 'home', 'archive']);
    expect(renamed.code, renamed.stderr).to.equal(0);
    expect(json<Array<{ name: string }>>(await ws.cli(['secret', 'list', '--json'])).map((s) => s.name)).to.deep.equal(['archive/password']);
    expect(json<Array<{ repository: string }>>(await ws.cli(['plan', 'list', '--json']))[0]?.repository).to.equal('archive');
    expect(json<unknown[]>(await ws.cli(['snapshots', '--repo', 'archive', '--json']))).to.have.length(1);
  });

  it('removes the repository from the config and deletes its secrets, keeping the data', async () => {
    expect((await ws.cli(['plan', 'remove', 'docs'])).code).to.equal(0);
    const removed = await ws.cli(['repo', 'remove', 'archive', '--delete-secrets']);
    expect(removed.code, removed.stderr).to.equal(0);
    expect(json<unknown[]>(await ws.cli(['secret', 'list', '--json']))).to.deep.equal([]);
    expect(await readFile(join(repoPath, 'config'))).to.have.length.greaterThan(0);
  });
});
