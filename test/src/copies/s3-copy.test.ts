import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { expect } from 'chai';
import { pollUntil } from '@timelocker/plugin-api/testing';
import { json } from '../support/cli.js';
import { S3RVER_ACCESS_KEY_ID, type S3Server, startS3Server } from '../support/s3-server.js';
import { TestWorkspace } from '../support/workspace.js';
import { editConfig, type JobJson } from '../maintenance/maintenance-support.js';
import { type HookReceiver, startHookReceiver } from '../notifications/test-receivers.js';

const run = promisify(execFile);
const HOME_PW = 's3-copy-home-pw-3310';
const CLOUD_PW = 's3-copy-cloud-pw-7702';
const S3_SECRET = 's3-copy-secret-5521';

describe('copies from a local repository to S3 (real restic copy, s3rver over HTTPS)', function () {
  this.timeout(300_000);
  let s3: S3Server;
  let ws: TestWorkspace;
  let receiver: HookReceiver;
  const env = { HOME_PW, CLOUD_PW, S3_KEY: S3RVER_ACCESS_KEY_ID, S3_SECRET };
  const cli = (args: readonly string[]) => ws.cli(args, { env });

  before(async () => {
    s3 = await startS3Server({ buckets: ['restic'] });
    receiver = await startHookReceiver();
    ws = await TestWorkspace.create();
    const source = join(ws.path, 'src');
    await mkdir(source);
    await writeFile(join(source, 'a.txt'), 'to the cloud\n');
    expect((await cli(['repo', 'add', 'home', '--backend', 'local', '--path', join(ws.path, 'home'), '--password-env', 'HOME_PW'])).code).to.equal(0);
    const added = await cli(['repo', 'add', 'cloud', '--backend', 's3', '--endpoint', s3.endpoint, '--bucket', 'restic', '--ca-cert-file', s3.caCertFile,
      '--access-key-id-env', 'S3_KEY', '--secret-access-key-env', 'S3_SECRET', '--password-env', 'CLOUD_PW']);
    expect(added.code, added.stderr).to.equal(0);
    expect((await cli(['repo', 'init', 'home'])).code).to.equal(0);
    const init = await cli(['repo', 'init', 'cloud', '--like', 'home']);
    expect(init.code, init.stderr).to.equal(0);
    expect((await cli(['plan', 'add', 'docs', '--repo', 'home', '--path', source])).code).to.equal(0);
    await editConfig(ws, (c) => {
      c.plans['docs']!['copyTo'] = ['cloud'];
      c.plans['docs']!['retry'] = { attempts: 2, baseSeconds: 0.5, maxSeconds: 1 };
      c['notifications'] = { notifiers: { hook: { type: 'webhook', url: receiver.url } }, rules: [{ events: ['copy.failed'], notifiers: ['hook'] }] };
    });
  });

  after(async () => {
    await s3?.stop();
    await receiver?.stop();
    await ws?.remove();
  });

  it('a backup is copied to S3 and verified there', async () => {
    const backup = await cli(['backup', 'docs']);
    expect(backup.code, backup.stderr).to.equal(0);
    expect(backup.stdout).to.include('copy to cloud after backup: succeeded');
    const { stdout } = await run('restic', ['-r', `s3:${s3.endpoint}/restic`, '--cacert', s3.caCertFile, 'snapshots', '--json'], {
      env: { ...process.env, RESTIC_PASSWORD: CLOUD_PW, AWS_ACCESS_KEY_ID: S3RVER_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY: S3_SECRET },
    });
    const cloud = JSON.parse(stdout) as Array<{ original?: string; tree: string }>;
    const [copyJob] = json<JobJson[]>(await cli(['jobs', '--json'])).filter((j) => j.kind === 'copy');
    const record = (copyJob!.summary?.['copies'] as Array<{ source: string; tree: string }>)[0]!;
    expect(cloud.map((s) => s.original)).to.deep.equal([record.source]);
    expect(cloud[0]!.tree).to.equal(record.tree);
    expect(JSON.stringify(copyJob)).not.to.include(S3_SECRET).and.not.include(CLOUD_PW).and.not.include(HOME_PW);
  });

  it('an unreachable destination is retried, then reported and notified (copy.failed) without failing the backup', async () => {
    await s3.pause();
    try {
      await writeFile(join(ws.path, 'src', 'b.txt'), 'second\n');
      const backup = await cli(['backup', 'docs']);
      expect(backup.code, backup.stderr).to.equal(0);
      expect(backup.stderr).to.match(/copy to cloud after backup failed: .*Cannot reach repository "cloud".*\(gave up after 2 attempts\)/);
    } finally {
      await s3.resume();
    }
    const jobs = json<JobJson[]>(await cli(['jobs', '--json']));
    expect(jobs.find((j) => j.kind === 'backup')).to.include({ status: 'succeeded' });
    const failedCopy = jobs.find((j) => j.kind === 'copy' && j.status === 'failed');
    expect(failedCopy?.summary ?? {}).to.deep.equal({});
    const delivered = await pollUntil('the copy.failed webhook', async () => receiver.hooks.find((r) => (r.body as { event?: string }).event === 'copy.failed'));
    expect(delivered.body).to.deep.include({ event: 'copy.failed', severity: 'error' });
    expect(JSON.stringify(delivered.body)).to.include('cloud').and.not.include(S3_SECRET);
    // The next copy catches up with the snapshot the failed one missed.
    const caughtUp = json<Array<{ job: JobJson }>>(await cli(['copy', 'docs', '--json']));
    expect(caughtUp[0]!.job.summary?.['copied']).to.equal(1);
  });
});
