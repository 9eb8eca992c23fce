import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'chai';
import { json } from '../support/cli.js';
import { startPrivateKeyring, type PrivateKeyring } from '../support/private-keyring.js';
import { S3RVER_ACCESS_KEY_ID, type S3Server, startS3Server } from '../support/s3-server.js';
import { TestWorkspace } from '../support/workspace.js';

const PASSWORD = 's3-keyring-password-31c8';
const SECRET_KEY = 's3-keyring-secret-b7d2e0';
const SESSION_TOKEN = 's3-keyring-session-9a41';

describe('S3 keys in the keyring (the default), read as stdin lines after the password', function () {
  this.timeout(180_000);
  let keyring: PrivateKeyring;
  let s3: S3Server;
  let ws: TestWorkspace;

  before(async () => {
    keyring = await startPrivateKeyring();
    s3 = await startS3Server({ buckets: ['restic'] });
    ws = await TestWorkspace.create(keyring.env);
  });

  after(async () => {
    await s3?.stop();
    await keyring?.stop();
    await ws?.remove();
  });

  it('stores password, access key, secret key and session token as r/… keyring entries, none in the config', async () => {
    const added = await ws.cli([
      'repo', 'add', 'r', '--backend', 's3', '--endpoint', s3.endpoint, '--bucket', 'restic', '--ca-cert-file', s3.caCertFile,
      '--password-stdin', '--access-key-id-stdin', '--secret-access-key-stdin', '--session-token-stdin',
    ], { input: `${PASSWORD}\n${S3RVER_ACCESS_KEY_ID}\n${SECRET_KEY}\n${SESSION_TOKEN}\n` });
    expect(added.code, added.stderr).to.equal(0);
    const secrets = json<Array<{ name: string }>>(await ws.cli(['secret', 'list', '--json']));
    expect(secrets.map((s) => s.name).sort()).to.deep.equal(['r/password', 'r/s3.accessKeyId', 'r/s3.secretAccessKey', 'r/s3.sessionToken']);
    const config = await readFile(ws.configFile, 'utf8');
    for (const secret of [PASSWORD, S3RVER_ACCESS_KEY_ID, SECRET_KEY, SESSION_TOKEN]) expect(config).not.to.include(secret);
  });

  it('uses the stored keys: init, test ok, snapshots', async () => {
    const init = await ws.cli(['repo', 'init', 'r']);
    expect(init.code, init.stderr).to.equal(0);
    expect(json<{ status: string }>(await ws.cli(['repo', 'test', 'r', '--json'])).status).to.equal('ok');
    expect(json<unknown[]>(await ws.cli(['snapshots', '--repo', 'r', '--json']))).to.deep.equal([]);
  });

  it('kept every stored secret out of restic argv, the log and the output', async () => {
    const argv = (await ws.resticArgv()).map((args) => args.join(' '));
    const log = await readFile(join(ws.dataDir, 'logs', 'timelocker.log'), 'utf8');
    for (const secret of [PASSWORD, S3RVER_ACCESS_KEY_ID, SECRET_KEY, SESSION_TOKEN]) {
      for (const args of argv) expect(args).not.to.include(secret);
      expect(log).not.to.include(secret);
      for (const output of ws.outputs) expect(output.stdout + output.stderr).not.to.include(secret);
    }
  });
});
