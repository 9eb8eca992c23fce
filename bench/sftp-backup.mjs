// First backup to a private sshd on 127.0.0.1: `timelocker backup` beside raw `restic backup` run with the very
// `sftp.command` the sftp plugin builds (same key, same TimeLocker known_hosts), each round into fresh repositories.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { commandLine, sshArgs } from '../builtin-plugins/sftp/dist/ssh-command.js';
import { startSshServer } from '../test/dist/support/ssh-server.js';
import { alternatingRounds } from './alternating-rounds.mjs';
import { timeCommand } from './processes.mjs';
import { cliEntry, PLAN_TAG, resticBinary } from './sides.mjs';

const PASSWORD = 'bench-only-password';

function cleanEnv() {
  return Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^(RESTIC_|TIMELOCKER_)/.test(key)));
}

async function timelockerRound(sshd, dir, repoPath, paths) {
  const env = { ...cleanEnv(), TIMELOCKER_CONFIG: join(dir, 'timelocker.json'), TIMELOCKER_DATA_DIR: join(dir, 'data'), BENCH_PW: PASSWORD };
  const cli = (args) => timeCommand(process.execPath, [cliEntry, ...args], { env });
  // `repo add` tests the connection, which trusts the host key on first use (into the data dir's known_hosts).
  await cli(['repo', 'add', 'bench', '--backend', 'sftp', '--host', sshd.host, '--port', String(sshd.port), '--user', sshd.user,
    '--path', repoPath, '--identity-file', sshd.clientKey, '--password-env', 'BENCH_PW']);
  await cli(['repo', 'init', 'bench']);
  await cli(['plan', 'add', 'bench', '--repo', 'bench', ...paths.flatMap((p) => ['--path', p])]);
  return { knownHostsFile: join(dir, 'data', 'plugin-data', 'timelocker.sftp', 'known_hosts'), backup: () => cli(['backup', 'bench']) };
}

async function resticRound(sshd, dir, repoPath, knownHostsFile, paths) {
  const env = { ...cleanEnv(), RESTIC_PASSWORD: PASSWORD, RESTIC_CACHE_DIR: join(dir, 'cache'), RESTIC_PROGRESS_FPS: '2' };
  const settings = { host: sshd.host, port: sshd.port, user: sshd.user, path: repoPath, identityFile: sshd.clientKey, knownHostsFile };
  const global = ['-r', `sftp:${sshd.user}@${sshd.host}:${repoPath}`, '-o', `sftp.command=${commandLine('ssh', sshArgs(settings))}`];
  await timeCommand(resticBinary, [...global, 'init'], { env });
  return () => timeCommand(resticBinary, [...global, 'backup', '--json', '--tag', PLAN_TAG, '--', ...paths], { env });
}

/** Median first-backup times in ms: `{ tl, raw, samples }`; alternates which side goes first. */
export async function benchSftpBackup({ workDir, paths, rounds = 3, log = () => {} }) {
  const sshd = await startSshServer();
  try {
    return await alternatingRounds({
      label: 'sftp first backup', workDir: join(workDir, 'sftp'), rounds, log,
      prepare: async (round, dir) => {
        const tl = await timelockerRound(sshd, join(dir, 'timelocker'), join(sshd.root, `tl-${round}`), paths);
        const raw = await resticRound(sshd, join(dir, 'restic'), join(sshd.root, `raw-${round}`), tl.knownHostsFile, paths);
        // The repositories live in sshd's temp dir: drop each round's so the disk holds one round at a time.
        const cleanUp = () => {
          rmSync(join(sshd.root, `tl-${round}`), { recursive: true, force: true });
          rmSync(join(sshd.root, `raw-${round}`), { recursive: true, force: true });
          rmSync(dir, { recursive: true, force: true });
        };
        return { tl: tl.backup, raw, cleanUp };
      },
    });
  } finally {
    await sshd.stop();
  }
}
