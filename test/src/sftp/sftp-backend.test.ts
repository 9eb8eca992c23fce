import { execFile } from 'node:child_process';
import { copyFile, mkdir, readdir, readFile } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { CancellationError, CancellationToken, CancellationTokenSource, type JsonObject, type ResticLocation } from '@timelocker/plugin-api';
import { expect } from 'chai';
import { pollUntil } from '@timelocker/plugin-api/testing';
import { BackendRegistry } from '../../../workbench/dist/node/plugins/backend-registry.js';
import { createTestKernel, rejectionOf, type TestKernel } from '../plugins/plugin-kernel.js';
import { startSshServer, type SshServer } from '../support/ssh-server.js';

const run = promisify(execFile);
const PASSWORD = 'sftp backend test password 7';

/** Command lines of running processes that mention `needle` (read from /proc; nothing is killed here). */
async function processesMentioning(needle: string): Promise<string[]> {
  const found: string[] = [];
  for (const pid of (await readdir('/proc')).filter((p) => /^\d+$/.test(p))) {
    const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
    if (cmdline.includes(needle)) found.push(cmdline.replace(/\0/g, ' '));
  }
  return found;
}

describe('sftp backend plugin through the kernel (real sshd, real restic)', function () {
  this.timeout(120_000);
  let kernel: TestKernel;
  let backends: BackendRegistry;
  let sshd: SshServer;
  let knownHosts: string;

  const config = (extra: JsonObject = {}): JsonObject => ({
    host: sshd.host, port: sshd.port, user: sshd.user, path: join(sshd.root, 'repo'), identityFile: sshd.clientKey, ...extra,
  });
  const locationOf = async (settings: JsonObject): Promise<ResticLocation> => {
    const { issues, location } = await backends.resolve('sftp', settings, {}, CancellationToken.None);
    expect(issues).to.deep.equal([]);
    return location!;
  };

  before(async () => {
    sshd = await startSshServer();
    kernel = await createTestKernel([]);
    await kernel.plugins.start();
    backends = kernel.container.get<BackendRegistry>(BackendRegistry);
    knownHosts = join(kernel.temp.path, 'data', 'plugin-data', 'timelocker.sftp', 'known_hosts');
  });

  after(async () => {
    await kernel?.dispose();
    await sshd?.stop();
  });

  it('validates settings with specific messages', async () => {
    const issues = async (extra: JsonObject): Promise<string[]> =>
      (await backends.validate('sftp', config(extra), CancellationToken.None)).filter((i) => i.severity !== 'warning').map((i) => `${i.path} ${i.message}`);
    expect(await issues({})).to.deep.equal([]);
    expect((await issues({ path: 'relative/repo' }))[0]).to.match(/^\/path .*absolute/);
    expect((await issues({ host: '::1' }))[0]).to.match(/^\/host .*IPv6/);
    expect((await issues({ user: '-oProxyCommand=touch /tmp/x' }))[0]).to.match(/^\/user /);
    expect((await issues({ identityFile: '/tmp/a"b' }))[0]).to.match(/^\/identityFile .*quote/);
    expect((await issues({ identityFile: join(sshd.root, 'missing-key') }))[0]).to.match(/^\/identityFile .*does not exist/);
  });

  it('refuses to resolve before the host key is trusted, naming the command that trusts it', async () => {
    const error = await rejectionOf(backends.resolve('sftp', config(), {}, CancellationToken.None));
    expect(error.message).to.include(`[127.0.0.1]:${sshd.port}`).and.include('not trusted yet').and.include('timelocker repo test');
  });

  it('trusts the host key on first use, recording it in the data dir, and reports the missing repository', async () => {
    const homeKnownHosts = await readFile(join(homedir(), '.ssh', 'known_hosts'), 'utf8').catch(() => '');
    const result = await backends.testConnection('sftp', config(), {}, CancellationToken.None);
    expect(result.status).to.equal('not-found');
    expect(result.message).to.include(`trusted on first use: ${sshd.hostKeyFingerprint}`);
    expect(result.hint).to.include('timelocker repo init');
    const recorded = await readFile(knownHosts, 'utf8');
    expect(recorded).to.match(new RegExp(`^\\[127\\.0\\.0\\.1\\]:${sshd.port} ssh-ed25519 `));
    const { stdout } = await run('ssh-keygen', ['-lf', knownHosts]);
    expect(stdout).to.include(sshd.hostKeyFingerprint);
    expect(await readFile(join(homedir(), '.ssh', 'known_hosts'), 'utf8').catch(() => '')).to.equal(homeKnownHosts);
    // Second time round the key is known: no new entry.
    expect((await backends.testConnection('sftp', config(), {}, CancellationToken.None)).message).not.to.include('first use');
    expect(await readFile(knownHosts, 'utf8')).to.equal(recorded);
  });

  it('resolves to an sftp location with a strict ssh command that plain restic uses', async () => {
    const location = await locationOf(config());
    expect(location.repository).to.equal(`sftp:${sshd.user}@127.0.0.1:${join(sshd.root, 'repo')}`);
    expect(location.options).to.deep.equal({
      'sftp.command': `ssh -p ${sshd.port} -i ${sshd.clientKey} -o IdentitiesOnly=yes -o UserKnownHostsFile=${knownHosts} -o StrictHostKeyChecking=yes `
        + `-o BatchMode=yes -o ConnectTimeout=10 ${sshd.user}@127.0.0.1 -s sftp`,
    });
    const restic = (...args: string[]) => run('restic', ['-r', location.repository, '-o', `sftp.command=${location.options!['sftp.command']}`, ...args], {
      env: { ...process.env, RESTIC_PASSWORD: PASSWORD },
    });
    await restic('init');
    expect((await backends.testConnection('sftp', config(), {}, CancellationToken.None)).status).to.equal('ok');
    expect(JSON.parse((await restic('snapshots', '--json')).stdout)).to.deep.equal([]);
  });

  it('quotes a key path with spaces so that restic splits the command back correctly; refuses what cannot be passed', async () => {
    const spaced = join(kernel.temp.path, 'my keys', 'ssh dir');
    await mkdir(spaced, { recursive: true });
    const key = join(spaced, 'client key');
    await copyFile(sshd.clientKey, key);
    const settings = config({ identityFile: key, knownHostsFile: join(kernel.temp.path, 'other-known-hosts'), path: join(sshd.root, 'spaced repo') });
    expect(await backends.validate('sftp', settings, CancellationToken.None)).to.deep.equal([]);
    const tested = await backends.testConnection('sftp', settings, {}, CancellationToken.None);
    expect(tested.status, tested.message).to.equal('not-found');
    const location = await locationOf(settings);
    const command = location.options!['sftp.command']!;
    expect(command).to.include(`-i '${key}'`);
    await run('restic', ['-r', location.repository, '-o', `sftp.command=${command}`, 'init'], { env: { ...process.env, RESTIC_PASSWORD: PASSWORD } });
    expect((await backends.testConnection('sftp', settings, {}, CancellationToken.None)).status).to.equal('ok');

    const spacedKnownHosts = await backends.validate('sftp', config({ knownHostsFile: join(spaced, 'known_hosts') }), CancellationToken.None);
    expect(spacedKnownHosts.map((i) => i.message).join()).to.include('whitespace').and.include('knownHostsFile');
    const comma = await backends.validate('sftp', config({ identityFile: '/keys/a,b' }), CancellationToken.None);
    expect(comma.map((i) => i.message).join()).to.include('comma');
  });

  it('tells a wrong key (auth-failed) from a missing path (not-found)', async () => {
    const wrong = await backends.testConnection('sftp', config({ identityFile: sshd.wrongClientKey }), {}, CancellationToken.None);
    expect(wrong.status, wrong.message).to.equal('auth-failed');
    expect(wrong.message).to.include('Permission denied (publickey');
    const missing = await backends.testConnection('sftp', config({ path: '/no/such/folder' }), {}, CancellationToken.None);
    expect(missing.status, missing.message).to.equal('not-found');
    expect(missing.message).to.include('/no/such/folder does not exist');
  });

  it('stops at the first kill when cancelled: no ssh-keyscan left behind', async () => {
    // A server that greets like SSH and then says nothing more: ssh-keyscan would wait for its own timeout.
    const sockets: Socket[] = [];
    const stall: Server = createServer((socket) => {
      sockets.push(socket);
      socket.on('error', () => undefined);
      socket.write('SSH-2.0-Stall\r\n');
    });
    await new Promise<void>((resolve) => stall.listen(0, '127.0.0.1', resolve));
    const port = (stall.address() as { port: number }).port;
    try {
      const source = new CancellationTokenSource();
      const started = Date.now();
      const pending = backends.testConnection('sftp', config({ port }), {}, source.token);
      await pollUntil('ssh-keyscan to run', () => sockets.length >= 2, 10_000);
      source.cancel();
      expect(await rejectionOf(pending)).to.be.instanceOf(CancellationError);
      expect(Date.now() - started).to.be.lessThan(5_000);
      await pollUntil('ssh-keyscan to be killed', async () => (await processesMentioning(`-p\0${port}\0`)).length === 0, 10_000);
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => stall.close(resolve));
    }
  });

  it('reports a refused connection within seconds once sshd is stopped, and a changed host key after a restart', async () => {
    await sshd.halt();
    const started = Date.now();
    const refused = await backends.testConnection('sftp', config(), {}, CancellationToken.None);
    expect(refused.status).to.equal('unreachable');
    expect(refused.message).to.include('refused');
    expect(Date.now() - started).to.be.lessThan(10_000);

    const oldFingerprint = sshd.hostKeyFingerprint;
    await sshd.restartWithNewHostKey();
    const changed = await backends.testConnection('sftp', config(), {}, CancellationToken.None);
    expect(changed.status).to.equal('host-key-changed');
    expect(changed.message).to.include(oldFingerprint).and.include(sshd.hostKeyFingerprint);
    expect(changed.hint).to.include(`ssh-keygen -R '[127.0.0.1]:${sshd.port}' -f '${knownHosts}'`);
    // The changed key is not recorded: the known_hosts file still trusts only the old one.
    expect((await run('ssh-keygen', ['-lf', knownHosts])).stdout).to.include(oldFingerprint).and.not.include(sshd.hostKeyFingerprint);
  });

  it('writes nothing to the plugin folder but known_hosts', async () => {
    expect(await readdir(join(kernel.temp.path, 'data', 'plugin-data', 'timelocker.sftp'))).to.deep.equal(['known_hosts']);
  });
});
