import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'chai';
import { pollUntil } from '@timelocker/plugin-api/testing';
import { json } from '../support/cli.js';
import { S3RVER_ACCESS_KEY_ID, type S3Server, startS3Server } from '../support/s3-server.js';
import { TestWorkspace } from '../support/workspace.js';
import { editConfig, type JobJson } from './maintenance-support.js';

describe('retries of transient faults against a real S3 server', function () {
  this.timeout(180_000);
  let s3: S3Server;
  let ws: TestWorkspace;
  const env = { S3_KEY: S3RVER_ACCESS_KEY_ID, S3_SECRET: 's3-retry-secret-19', REPO_PW: 's3-retry-pw-4410' };

  before(async () => {
    s3 = await startS3Server({ buckets: ['restic'] });
    ws = await TestWorkspace.create();
    const source = join(ws.path, 'src');
    await mkdir(source);
    await writeFile(join(source, 'a.txt'), 'alpha\n');
    const added = await ws.cli(['repo', 'add', 'cloud', '--backend', 's3', '--endpoint', s3.endpoint, '--bucket', 'restic', '--ca-cert-file', s3.caCertFile,
      '--access-key-id-env', 'S3_KEY', '--secret-access-key-env', 'S3_SECRET', '--password-env', 'REPO_PW'], { env });
    expect(added.code, added.stderr).to.equal(0);
    expect((await ws.cli(['repo', 'init', 'cloud'], { env })).code).to.equal(0);
    expect((await ws.cli(['plan', 'add', 'p', '--repo', 'cloud', '--path', source], { env })).code).to.equal(0);
  });

  after(async () => {
    await s3?.stop();
    await ws?.remove();
  });

  it('a server that comes back a few seconds after the backup started: the backup succeeds and its attempts are recorded', async () => {
    await editConfig(ws, (c) => { c.retry = { attempts: 6, baseSeconds: 1, maxSeconds: 4 }; });
    await s3.pause();
    let resumed = false;
    try {
      const backup = ws.spawn(['backup', 'p'], { env });
      const log = join(ws.dataDir, 'logs', 'timelocker.log');
      await pollUntil('a failed first attempt', async () => ((await readFile(log, 'utf8').catch(() => '')).includes('cloud: attempt 1 of 6 failed (network') ? true : undefined));
      await s3.resume();
      resumed = true;
      const result = await backup.done;
      expect(result.code, result.stderr).to.equal(0);
      expect(result.stderr).to.include('retrying in');
    } finally {
      if (!resumed) await s3.resume();
    }
    const [job] = json<JobJson[]>(await ws.cli(['jobs', '--limit', '1', '--json'], { env }));
    expect(job?.status).to.equal('succeeded');
    expect(job?.summary?.['attempts']).to.be.at.least(2);
    const errors = job?.summary?.['attemptErrors'] as string[];
    expect(errors.length).to.equal(Number(job?.summary?.['attempts']) - 1);
    for (const error of errors) expect(error).to.include('network').and.include('connection refused');
    expect(JSON.stringify(job)).not.to.include(env.S3_SECRET).and.not.include(env.REPO_PW);
  });

  it('a wrong password is never retried', async () => {
    await editConfig(ws, (c) => { c.retry = { attempts: 6, baseSeconds: 1, maxSeconds: 4 }; });
    const result = await ws.cli(['backup', 'p'], { env: { ...env, REPO_PW: 'not-the-password' } });
    expect(result.code).to.equal(1);
    expect(result.stderr).to.include('Wrong password').and.not.include('retrying');
  });
});
