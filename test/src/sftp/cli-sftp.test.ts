import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'chai';
import { type CliResult, json } from '../support/cli.js';
import { describeTree, makeSourceTree } from '../support/source-tree.js';
import { startSshServer, type SshServer } from '../support/ssh-server.js';
import { TestWorkspace } from '../support/workspace.js';
import { filesContaining } from '../support/data-dir-files.js';

const run = promisify(execFile);
const PASSWORD = 'sftp e2e password: tr0ub4dor&3';
const PASSWORD_VAR = 'TL_SFTP_TEST_PASSWORD';

interface SnapshotJson { id: string; shortId: string; paths: string[] }
interface EntryJson { name: string }
interface TestJson { status: string; message: string; hint?: string }

describe('CLI end to end over SFTP (real sshd, real restic)', function () {
  this.timeout(180_000);
  let sshd: SshServer;
  let ws: TestWorkspace;
  let source: string;
  let repoPath: string;
  let knownHosts: string;
  let homeKnownHosts: string;

  const add = (name: string, overrides: Record<string, string> = {}): Promise<CliResult> => {
    const flags: Record<string, string> = {
      host: sshd.host, port: String(sshd.port), user: sshd.user, path: repoPath, 'identity-file': sshd.clientKey, ...overrides,
    };
    return ws.cli(['repo', 'add', name, '--backend', 'sftp', ...Object.entries(flags).flatMap(([k, v]) => [`--${k}`, v]), '--password-env', PASSWORD_VAR]);
  };
  /** `repo test`, timed: every fault must be told apart quickly, never by hanging. */
  const repoTest = async (name: string): Promise<CliResult & { ms: number }> => {
    const started = Date.now();
    const result = await ws.cli(['repo', 'test', name]);
    return { ...result, ms: Date.now() - started };
  };

  before(async () => {
    sshd = await startSshServer();
    ws = await TestWorkspace.create({ [PASSWORD_VAR]: PASSWORD });
    source = join(ws.path, 'source');
    repoPath = join(sshd.root, 'backups', 'laptop');
    knownHosts = join(ws.dataDir, 'plugin-data', 'timelocker.sftp', 'known_hosts');
    homeKnownHosts = await readFile(join(homedir(), '.ssh', 'known_hosts'), 'utf8').catch(() => '');
    await makeSourceTree(source);
  });

  after(async () => {
    await sshd?.stop();
    await ws?.remove();
  });

  it('adds the repository, showing the host key fingerprint trusted on first use and recording it in the data dir', async () => {
    const added = await add('nas');
    expect(added.code, added.stderr).to.equal(0);
    expect(added.stdout).to.include(`trusted on first use: ${sshd.hostKeyFingerprint}`);
    expect((await run('ssh-keygen', ['-lf', knownHosts])).stdout).to.include(sshd.hostKeyFingerprint).and.include(`[127.0.0.1]:${sshd.port}`);
    expect(await readFile(join(homedir(), '.ssh', 'known_hosts'), 'utf8').catch(() => '')).to.equal(homeKnownHosts);
    const config = await readFile(ws.configFile, 'utf8');
    expect(config).to.include('"identityFile"').and.include(`"port": ${sshd.port}`).and.not.include(PASSWORD);
    // Its location in the sftp backend's own words (`displayLocation`), not a guess at its keys.
    const listed = await ws.cli(['repo', 'list']);
    expect(listed.stdout).to.match(new RegExp(`^nas\\s+sftp\\s+sftp:${sshd.user}@${sshd.host}:${repoPath} \\(port ${sshd.port}\\)$`, 'm'));
  });

  it('tests: not-found with the init hint before init, ok after', async () => {
    const before = await repoTest('nas');
    expect(before.code).to.equal(1);
    expect(before.stdout).to.match(/^not-found: .*does not exist/);
    expect(before.stdout).to.include('timelocker repo init');
    const init = await ws.cli(['repo', 'init', 'nas']);
    expect(init.code, init.stderr).to.equal(0);
    const after = await repoTest('nas');
    expect(after.code, after.stdout + after.stderr).to.equal(0);
    expect(after.stdout).to.match(/^ok: restic repository found at sftp:/);
    const asJson = json<TestJson>(await ws.cli(['repo', 'test', 'nas', '--json']));
    expect(asJson.status).to.equal('ok');
  });

  it('backs up, lists snapshots and files, and restores byte for byte', async () => {
    expect((await ws.cli(['plan', 'add', 'docs', '--repo', 'nas', '--path', source])).code).to.equal(0);
    const backup = await ws.cli(['backup', 'docs']);
    expect(backup.code, backup.stderr).to.equal(0);
    const snapshots = json<SnapshotJson[]>(await ws.cli(['snapshots', '--repo', 'nas', '--json']));
    expect(snapshots).to.have.length(1);
    expect(snapshots[0]!.paths).to.deep.equal([source]);
    const top = json<EntryJson[]>(await ws.cli(['ls', snapshots[0]!.shortId, source, '--repo', 'nas', '--json']));
    expect(top.map((e) => e.name).sort()).to.deep.equal(['docs', 'link-to-report', 'naïve dir ✓', 'scratch.tmp']);
    const target = join(ws.path, 'restored');
    const restore = await ws.cli(['restore', 'latest', '--repo', 'nas', '--target', target]);
    expect(restore.code, restore.stderr).to.equal(0);
    expect(await describeTree(join(target, source))).to.deep.equal(await describeTree(source));
  });

  it('runs restic with a strict ssh command that plain restic can use to read the repository', async () => {
    const options = (await ws.resticArgv()).flatMap((args) => args.flatMap((a, i) => (args[i - 1] === '-o' ? [a] : [])));
    const commands = [...new Set(options.filter((o) => o.startsWith('sftp.command=')))];
    expect(commands).to.deep.equal([
      `sftp.command=ssh -p ${sshd.port} -i ${sshd.clientKey} -o IdentitiesOnly=yes -o UserKnownHostsFile=${knownHosts} -o StrictHostKeyChecking=yes `
        + `-o BatchMode=yes -o ConnectTimeout=10 ${sshd.user}@127.0.0.1 -s sftp`,
    ]);
    const { stdout } = await run('restic', ['-r', `sftp:${sshd.user}@127.0.0.1:${repoPath}`, '-o', commands[0]!, 'snapshots', '--json'], {
      env: { ...process.env, RESTIC_PASSWORD: PASSWORD },
    });
    expect(JSON.parse(stdout)).to.have.length(1);
  });

  it('tells a missing path (not-found) and a wrong key (auth-failed) apart', async () => {
    expect((await add('missing', { path: join(sshd.root, 'nowhere') })).code).to.equal(0);
    const missing = await repoTest('missing');
    expect(missing.code).to.equal(1);
    expect(missing.stdout).to.match(/^not-found: .*nowhere does not exist/);
    expect(missing.stdout).to.include('timelocker repo init');

    expect((await add('wrongkey', { 'identity-file': sshd.wrongClientKey })).code).to.equal(0);
    const wrong = await repoTest('wrongkey');
    expect(wrong.code).to.equal(1);
    expect(wrong.stdout).to.match(/^auth-failed: .*Permission denied \(publickey/);
    expect(wrong.ms).to.be.lessThan(10_000);
    const snapshots = await ws.cli(['snapshots', '--repo', 'wrongkey']);
    expect(snapshots.code).to.equal(1);
  });

  it('says unreachable quickly when sshd is stopped, and the backup fails without hanging', async () => {
    await sshd.halt();
    try {
      const refused = await repoTest('nas');
      expect(refused.code).to.equal(1);
      expect(refused.stdout).to.match(/^unreachable: .*refused/);
      expect(refused.ms).to.be.lessThan(10_000);
      // Unreachable is transient: the backup retries per `retry` (default 3 attempts, 30 s apart and more), then fails.
      const config = JSON.parse(await readFile(ws.configFile, 'utf8')) as Record<string, unknown>;
      await writeFile(ws.configFile, JSON.stringify({ ...config, retry: { attempts: 2, baseSeconds: 1 } }, null, 2));
      const started = Date.now();
      const backup = await ws.cli(['backup', 'docs']);
      expect(backup.code).to.equal(1);
      expect(Date.now() - started).to.be.lessThan(30_000);
      const [job] = json<Array<{ status: string; error?: string }>>(await ws.cli(['jobs', '--limit', '1', '--json']));
      expect(job?.status).to.equal('failed');
      expect(job?.error).to.include('gave up after 2 attempts');
    } finally {
      await sshd.restart();
    }
  });

  it('refuses a changed host key: repo test names both fingerprints, and backups are refused', async () => {
    const oldFingerprint = sshd.hostKeyFingerprint;
    await sshd.restartWithNewHostKey();
    const changed = await repoTest('nas');
    expect(changed.code).to.equal(1);
    expect(changed.stdout).to.match(/^host-key-changed: /);
    expect(changed.stdout).to.include(oldFingerprint).and.include(sshd.hostKeyFingerprint);
    expect(changed.stdout).to.include(`ssh-keygen -R '[127.0.0.1]:${sshd.port}' -f '${knownHosts}'`);
    const asJson = json<TestJson>(await ws.cli(['repo', 'test', 'nas', '--json']));
    expect(asJson.status).to.equal('host-key-changed');

    const backup = await ws.cli(['backup', 'docs']);
    expect(backup.code).to.equal(1);
    const jobs = json<Array<{ kind: string; status: string; error?: string }>>(await ws.cli(['jobs', '--json']));
    expect(jobs.filter((j) => j.kind === 'backup').map((j) => j.status)).to.deep.equal(['failed', 'failed', 'succeeded']);
    // The new key was not trusted behind the user's back.
    expect((await run('ssh-keygen', ['-lf', knownHosts])).stdout).not.to.include(sshd.hostKeyFingerprint);
  });

  it('accepts the change once the old key is removed as the hint says, and refuses runs while no key is trusted', async () => {
    await run('ssh-keygen', ['-R', `[127.0.0.1]:${sshd.port}`, '-f', knownHosts]);
    const untrusted = await ws.cli(['snapshots', '--repo', 'nas']);
    expect(untrusted.code).to.equal(1);
    expect(untrusted.stderr).to.include('not trusted yet').and.include('timelocker repo test');
    const retrust = await repoTest('nas');
    expect(retrust.code, retrust.stdout).to.equal(0);
    expect(retrust.stdout).to.include(`trusted on first use: ${sshd.hostKeyFingerprint}`);
    const backup = await ws.cli(['backup', 'docs']);
    expect(backup.code, backup.stderr).to.equal(0);
  });

  it('never leaks the password: not in any restic argv, log, config or CLI output', async () => {
    const argv = await ws.resticArgv();
    expect(argv.length).to.be.greaterThan(5);
    for (const args of argv) expect(args.join(' ')).not.to.include(PASSWORD);
    const log = await readFile(join(ws.dataDir, 'logs', 'timelocker.log'), 'utf8');
    expect(log).to.include('sftp:');
    expect(log).not.to.include(PASSWORD);
    expect(await filesContaining(ws.dataDir, PASSWORD), 'catalog, history, job output').to.deep.equal([]);
    expect(await readFile(ws.configFile, 'utf8')).not.to.include(PASSWORD);
    for (const output of ws.outputs) expect(output.stdout + output.stderr).not.to.include(PASSWORD);
  });
});
