import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect } from 'chai';
import { startPrivateKeyring, withoutSessionBus, type PrivateKeyring } from './support/private-keyring.js';

const run = promisify(execFile);
const client = fileURLToPath(new URL('./fixtures/credentials-keyring-client.js', import.meta.url));
const SECRET = 'keyring-test-secret-4711';

/** The parent's env without any way to find or autolaunch a session bus, plus `extra`. */
function isolatedEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const key of Object.keys(withoutSessionBus)) delete env[key];
  return { ...env, TL_FIXTURE_SECRET: SECRET, ...extra };
}

async function runClient(scenario: string, env: NodeJS.ProcessEnv): Promise<Record<string, unknown>> {
  const { stdout } = await run(process.execPath, [client, scenario], { env, timeout: 60_000 });
  return JSON.parse(stdout) as Record<string, unknown>;
}

describe('credentials against a real Secret Service', () => {
  let keyring: PrivateKeyring;

  before(async () => {
    keyring = await startPrivateKeyring();
  });

  after(async () => {
    await keyring?.stop();
  });

  it('stores, reads, lists (names only) and deletes a secret', async () => {
    const result = await runClient('round-trip', isolatedEnv(keyring.env));
    expect(result).to.deep.equal({
      status: { available: true },
      got: SECRET,
      resolved: SECRET,
      listed: ['home/password', 'home/s3.secretAccessKey'],
      deleted: true,
      after: null,
      deletedAgain: false,
      remaining: ['home/s3.secretAccessKey', 'other/password'],
    });
  });

  it('refuses to store without a D-Bus session and names the alternatives', async () => {
    const result = await runClient('store', isolatedEnv({ XDG_DATA_HOME: keyring.env.XDG_DATA_HOME ?? '' }));
    const expected = 'No Secret Service is available (no D-Bus session). Store the password another way: '
      + 'set "password": { "env": "VAR" }, { "file": "/abs/path" } or { "command": "…" } for this repository, '
      + 'or set TIMELOCKER_PASSWORD for a one-off command.';
    expect(result).to.deep.equal({
      status: { available: false, reason: 'No Secret Service is available (no D-Bus session).' },
      errorName: 'CredentialsError',
      errorMessage: expected,
    });
  });
});

describe('credentials against a locked Secret Service', () => {
  let keyring: PrivateKeyring;

  before(async () => {
    keyring = await startPrivateKeyring({ locked: true });
  });

  after(async () => {
    await keyring?.stop();
  });

  it('refuses to store and says the keyring is locked', async () => {
    const result = await runClient('store', isolatedEnv(keyring.env));
    expect(result.errorName).to.equal('CredentialsError');
    expect(result.errorMessage).to.match(/^The keyring is locked or has no default collection \(.+\)\. Unlock it/);
    expect(result.errorMessage).to.contain('{ "env": "VAR" }').and.not.to.contain(SECRET);
  });
});
