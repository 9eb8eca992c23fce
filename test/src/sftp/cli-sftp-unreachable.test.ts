import { execFile } from 'node:child_process';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'chai';
import type { CliResult } from '../support/cli.js';
import { startSshServer, type SshServer } from '../support/ssh-server.js';
import { TestWorkspace } from '../support/workspace.js';

const PASSWORD_VAR = 'TL_SFTP_DOWN_PASSWORD';

/** A loopback port nothing listens on: one the system just gave out and took back. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('an SFTP server that is down gets the same diagnosis from every command (real CLI, real restic, real sshd)', function () {
  this.timeout(120_000);
  let ws: TestWorkspace;
  let key: string;
  let port: number;
  let sshd: SshServer | undefined;

  const add = (name: string, flags: Record<string, string>): Promise<CliResult> =>
    ws.cli(['repo', 'add', name, '--backend', 'sftp', ...Object.entries(flags).flatMap(([k, v]) => [`--${k}`, v]), '--password-env', PASSWORD_VAR]);

  before(async () => {
    ws = await TestWorkspace.create({ [PASSWORD_VAR]: 'sftp-down-pw-3' });
    key = join(ws.path, 'id_ed25519');
    await promisify(execFile)('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', key]);
    port = await closedPort();
    const source = join(ws.path, 'source');
    await mkdir(source);
    await writeFile(join(source, 'a.txt'), 'never sent\n');
  });

  after(async () => {
    await sshd?.stop();
    await ws?.remove();
  });

  it('repo add says unreachable and to fix the connection first, not to init', async () => {
    const added = await add('down', { host: '127.0.0.1', port: String(port), user: 'backup', path: '/srv/restic', 'identity-file': key });
    expect(added.code, added.stderr).to.equal(0);
    expect(added.stdout).to.include(`Connection test: unreachable: connection to 127.0.0.1 port ${port} refused: no SSH server is listening there`);
    expect(added.stdout).to.include('Next: check host and port, and that the SSH server is running; then check it again: timelocker repo test down')
      .and.not.include('repo init');
  });

  it('repo init, backup and find say unreachable too, never that the host key is untrusted', async () => {
    const plan = await ws.cli(['plan', 'add', 'docs', '--repo', 'down', '--path', join(ws.path, 'source')]);
    expect(plan.code, plan.stderr).to.equal(0);
    const unreachable = `unreachable: connection to 127.0.0.1 port ${port} refused: no SSH server is listening there; check host and port, and that the SSH server is running`;
    for (const [args, code] of [[['repo', 'init', 'down'], 1], [['backup', 'docs'], 1], [['find', 'a.txt', '--repo', 'down'], 0]] as const) {
      const result = await ws.cli(args);
      expect(result.code, `${args.join(' ')}: ${result.stderr}`).to.equal(code);
      expect(result.stderr, args.join(' ')).to.include(unreachable).and.not.include('not trusted').and.not.include('<name>');
    }
  });

  it('a live SSH server whose key is not trusted yet is told apart, naming the real repository', async () => {
    sshd = await startSshServer();
    const added = await ws.cli(['repo', 'add', 'live', '--backend', 'sftp', '--host', sshd.host, '--port', String(sshd.port), '--user', sshd.user,
      '--path', join(sshd.root, 'repo'), '--identity-file', sshd.clientKey, '--password-env', PASSWORD_VAR]);
    expect(added.code, added.stderr).to.equal(0);
    // repo add trusted the key on first use; forgetting it again is the state before the first `repo test`.
    await rm(join(ws.dataDir, 'plugin-data', 'timelocker.sftp', 'known_hosts'));
    const init = await ws.cli(['repo', 'init', 'live']);
    expect(init.code).to.equal(1);
    expect(init.stderr).to.include(`the host key of [127.0.0.1]:${sshd.port} is not trusted yet`).and.include('Run `timelocker repo test live`');
  });

  it('repo add without --identity-file names the flag and what it is for (exit 2)', async () => {
    const added = await add('nokey', { host: '127.0.0.1', port: String(port), user: 'backup', path: '/srv/restic' });
    expect(added.code).to.equal(2);
    expect(added.stderr).to.include('--identity-file is required for the sftp backend: absolute path of the SSH private key').and.not.include('got ""');
    const listed = await ws.cli(['repo', 'list']);
    expect(listed.stdout).to.not.include('nokey');
  });
});
