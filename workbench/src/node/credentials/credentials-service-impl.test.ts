import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { LogServiceImpl } from '../core/log-service-impl.js';
import { CredentialsError } from './credentials-service.js';
import { CredentialsServiceImpl } from './credentials-service-impl.js';

describe('CredentialsServiceImpl secret sources', () => {
  let dir: string;
  let log: LogServiceImpl;
  let credentials: CredentialsServiceImpl;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tl-credentials-'));
    log = new LogServiceImpl({ configFile: join(dir, 'timelocker.json'), dataDir: dir, builtinPluginsDir: dir, extraPluginDirs: [], actor: 'test' });
    credentials = new CredentialsServiceImpl(log);
  });

  afterEach(async () => {
    delete process.env.TL_TEST_SECRET;
    await rm(dir, { recursive: true, force: true });
  });

  async function failure(promise: Promise<unknown>): Promise<CredentialsError> {
    const error = await promise.then(() => undefined, (e: unknown) => e);
    expect(error).to.be.instanceOf(CredentialsError);
    return error as CredentialsError;
  }

  async function logText(): Promise<string> {
    return readFile(join(dir, 'logs', 'timelocker.log'), 'utf8');
  }

  it('reads an environment variable and masks its value from then on', async () => {
    process.env.TL_TEST_SECRET = 'env-secret-value';
    expect(await credentials.resolve('r/password', { env: 'TL_TEST_SECRET' })).to.equal('env-secret-value');
    expect(log.mask('restic said env-secret-value')).to.equal('restic said ***');
  });

  it('names the missing environment variable', async () => {
    const error = await failure(credentials.resolve('r/password', { env: 'TL_TEST_SECRET' }));
    expect(error.message).to.contain('TL_TEST_SECRET').and.to.contain('"r/password"');
  });

  it('reads a file, strips one trailing newline and warns when others can read it', async () => {
    const file = join(dir, 'pw');
    await writeFile(file, 'file-secret-value\n\n', { mode: 0o600 });
    expect(await credentials.resolve('r/password', { file })).to.equal('file-secret-value\n');
    await writeFile(file, 'file-secret-value\n');
    await chmod(file, 0o600);
    expect(await credentials.resolve('r/password', { file })).to.equal('file-secret-value');
    await rm(join(dir, 'logs'), { recursive: true, force: true });
    await chmod(file, 0o644);
    await credentials.resolve('r/password', { file });
    expect(await logText()).to.contain(`Password file ${file} is readable by group or others`).and.not.to.contain('file-secret-value');
  });

  it('refuses a missing or relative password file', async () => {
    expect((await failure(credentials.resolve('r/password', { file: join(dir, 'absent') }))).message).to.contain('does not exist');
    expect((await failure(credentials.resolve('r/password', { file: 'pw' }))).message).to.contain('must be an absolute path');
  });

  it('runs a password command and trims one trailing newline', async () => {
    expect(await credentials.resolve('r/password', { command: "printf 'cmd-secret-value\\n'" })).to.equal('cmd-secret-value');
    expect(log.mask('x cmd-secret-value y')).to.equal('x *** y');
  });

  it('reports a failing command with its stderr, secrets masked', async () => {
    process.env.TL_TEST_SECRET = 'leaky-secret-value';
    await credentials.resolve('r/password', { env: 'TL_TEST_SECRET' });
    const error = await failure(credentials.resolve('r/password', { command: 'echo "vault sealed; token $TL_TEST_SECRET" >&2; exit 3' }));
    expect(error.message).to.contain('failed (exit 3)').and.to.contain('vault sealed; token ***');
    expect(error.message).not.to.contain('leaky-secret-value');
  });

  it('ends a command that hangs, with what its shell started (which holds the output pipe), and says it timed out', async () => {
    credentials.commandTimeoutMs = 500;
    const started = Date.now();
    const error = await failure(credentials.resolve('r/password', { command: 'sleep 60; echo late' }));
    expect(error.message).to.equal('The password command for "r/password" failed (timed out after 0.5 s)');
    expect(Date.now() - started).to.be.below(10_000);
  });

  it('refuses a command that prints nothing', async () => {
    expect((await failure(credentials.resolve('r/password', { command: 'true' }))).message).to.contain('printed nothing');
  });
});
