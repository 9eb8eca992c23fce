import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'chai';
import { json } from '../support/cli.js';
import { S3RVER_ACCESS_KEY_ID, type S3Server, startS3Server } from '../support/s3-server.js';
import { describeTree, makeSourceTree } from '../support/source-tree.js';
import { TestWorkspace } from '../support/workspace.js';
import { filesContaining } from '../support/data-dir-files.js';

const exec = promisify(execFile);
const PASSWORD = 's3-repo-password-5d2a';
// s3rver does not check SigV4 signatures, so any secret works; a distinctive one can be searched for.
const SECRET_KEY = 's3-secret-key-e81f07c3';
const SECRETS = [PASSWORD, SECRET_KEY, S3RVER_ACCESS_KEY_ID];

interface SnapshotJson { id: string; shortId: string; paths: string[] }
interface EntryJson { name: string }

describe('S3 backend end to end (real CLI, real restic, real s3rver over HTTPS)', function () {
  this.timeout(180_000);
  let s3: S3Server;
  let ws: TestWorkspace;
  let source: string;
  const env = { S3_KEY: S3RVER_ACCESS_KEY_ID, S3_SECRET: SECRET_KEY, REPO_PW: PASSWORD };

  before(async () => {
    s3 = await startS3Server({ buckets: ['restic'] });
    ws = await TestWorkspace.create();
    source = join(ws.path, 'source');
    await makeSourceTree(source);
  });

  after(async () => {
    await s3?.stop();
    await ws?.remove();
  });

  it('adds an s3 repository with secrets from env sources; the test says there is no repository yet', async () => {
    const added = await ws.cli([
      'repo', 'add', 'cloud', '--backend', 's3', '--endpoint', s3.endpoint, '--bucket', 'restic', '--prefix', 'laptop/home',
      '--region', 'us-east-1', '--path-style', '--ca-cert-file', s3.caCertFile,
      '--access-key-id-env', 'S3_KEY', '--secret-access-key-env', 'S3_SECRET', '--password-env', 'REPO_PW',
    ], { env });
    expect(added.code, added.stderr).to.equal(0);
    const config = await readFile(ws.configFile, 'utf8');
    expect(config).to.include('"accessKeyId"').and.include('"S3_KEY"');
    const tested = await ws.cli(['repo', 'test', 'cloud'], { env });
    expect(tested.code).to.equal(1);
    expect(tested.stdout).to.match(/^not-found: bucket "restic" at https:\/\/127\.0\.0\.1:\d+ under prefix "laptop\/home" is reachable but holds no restic repository yet/);
    expect(tested.stdout).to.include('timelocker repo init');
  });

  it('initializes, tests ok, backs up, lists and browses the snapshot', async () => {
    const init = await ws.cli(['repo', 'init', 'cloud'], { env });
    expect(init.code, init.stderr).to.equal(0);
    const tested = json<{ status: string; message: string }>(await ws.cli(['repo', 'test', 'cloud', '--json'], { env }));
    expect(tested).to.deep.equal({ status: 'ok', message: `restic repository found in bucket "restic" at ${s3.endpoint} under prefix "laptop/home"` });

    expect((await ws.cli(['plan', 'add', 'docs', '--repo', 'cloud', '--path', source, '--exclude', '*.tmp'], { env })).code).to.equal(0);
    const backup = await ws.cli(['backup', 'docs'], { env });
    expect(backup.code, backup.stderr).to.equal(0);
    expect(backup.stdout).to.match(/Snapshot [0-9a-f]{8} saved/);

    const snapshots = json<SnapshotJson[]>(await ws.cli(['snapshots', '--repo', 'cloud', '--json'], { env }));
    expect(snapshots).to.have.length(1);
    expect(snapshots[0]!.paths).to.deep.equal([source]);
    const top = json<EntryJson[]>(await ws.cli(['ls', 'latest', source, '--repo', 'cloud', '--json'], { env }));
    expect(top.map((e) => e.name).sort()).to.deep.equal(['docs', 'link-to-report', 'naïve dir ✓']);
  });

  it('gave restic the -o options and --cacert, and nothing secret, on every run (the location goes by env)', async () => {
    const argv = await ws.resticArgv();
    expect(argv.length).to.be.greaterThan(3);
    for (const args of argv) {
      expect(args.join(' ')).to.include(`--cacert ${s3.caCertFile}`).and.include('s3.region=us-east-1').and.include('s3.bucket-lookup=path');
      for (const secret of SECRETS) expect(args.join(' ')).not.to.include(secret);
    }
  });

  it('restores byte for byte', async () => {
    const target = join(ws.path, 'restored');
    const restore = await ws.cli(['restore', 'latest', '--repo', 'cloud', '--target', target, '--verify'], { env });
    expect(restore.code, restore.stderr).to.equal(0);
    const original = await describeTree(source);
    for (const excluded of ['scratch.tmp', 'docs/cache.tmp']) original.delete(excluded);
    expect(await describeTree(join(target, source))).to.deep.equal(original);
  });

  it('plain restic with the same AWS_* env and --cacert reads the repository', async () => {
    const ours = json<SnapshotJson[]>(await ws.cli(['snapshots', '--repo', 'cloud', '--json'], { env }));
    const { stdout } = await exec('restic', ['--cacert', s3.caCertFile, '-o', 's3.bucket-lookup=path', 'snapshots', '--json'], {
      env: {
        PATH: process.env['PATH'] ?? '',
        RESTIC_REPOSITORY: `s3:${s3.endpoint}/restic/laptop/home`,
        RESTIC_PASSWORD: PASSWORD,
        AWS_ACCESS_KEY_ID: S3RVER_ACCESS_KEY_ID,
        AWS_SECRET_ACCESS_KEY: SECRET_KEY,
        RESTIC_CACHE_DIR: join(ws.path, 'plain-cache'),
      },
    });
    expect((JSON.parse(stdout) as Array<{ id: string }>).map((s) => s.id)).to.deep.equal(ours.map((s) => s.id));
  });

  it('never leaks the keys or the password: not in logs, config, catalog or any output', async () => {
    const log = await readFile(join(ws.dataDir, 'logs', 'timelocker.log'), 'utf8');
    expect(log).to.match(/cloud: restic .*--cacert .* backup /);
    const config = await readFile(ws.configFile, 'utf8');
    for (const secret of SECRETS) {
      expect(log).not.to.include(secret);
      expect(config).not.to.include(secret);
      expect(await filesContaining(ws.dataDir, secret), 'catalog, history, job output').to.deep.equal([]);
      for (const output of ws.outputs) expect(output.stdout + output.stderr).not.to.include(secret);
    }
  });
});
