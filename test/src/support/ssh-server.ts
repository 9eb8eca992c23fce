import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort, stopProcess } from './processes.js';
import { makeTempDir } from './temp-dir.js';

const run = promisify(execFile);
const START_DEADLINE_MS = 15_000;

export interface SshServer {
  readonly host: '127.0.0.1';
  readonly port: number;
  readonly user: string;
  /** Private key the server accepts (absolute path). */
  readonly clientKey: string;
  /** A second key the server does NOT accept (absolute path), for authentication failures. */
  readonly wrongClientKey: string;
  /** `SHA256:…` of the current host key, as `ssh-keygen -lf` prints it. */
  readonly hostKeyFingerprint: string;
  /** A folder inside the temp dir, for repositories. */
  readonly root: string;
  stop(): Promise<void>;
  /** Stops sshd, keeps the temp dir (for a later restart). */
  halt(): Promise<void>;
  /** Starts sshd again on the same port with the same host key. */
  restart(): Promise<void>;
  /** Replaces the host key and restarts on the same port (what a re-installed or impersonated server looks like). */
  restartWithNewHostKey(): Promise<void>;
}

/**
 * A private sshd on 127.0.0.1 for tests (RECIPES.md "SFTP server for tests"): own host key, own authorized_keys
 * in a temp dir (so it works for any user), a free port, run in the foreground and stopped by pid.
 */
export async function startSshServer(): Promise<SshServer> {
  const temp = await makeTempDir('tl-sshd');
  const dir = temp.path;
  const hostKey = join(dir, 'hostkey');
  const clientKey = join(dir, 'clientkey');
  const wrongClientKey = join(dir, 'wrongkey');
  const root = join(dir, 'root');
  await mkdir(root);
  await Promise.all([keygen(hostKey), keygen(clientKey), keygen(wrongClientKey)]);
  await writeFile(join(dir, 'authorized_keys'), await readFile(`${clientKey}.pub`));
  // sshd refuses to start without its privilege separation directory.
  await mkdir('/run/sshd', { recursive: true }).catch(() => undefined);
  const port = await freePort();
  const config = join(dir, 'sshd_config');
  await writeFile(config, sshdConfig(dir, port));

  let sshd: ChildProcess | undefined;
  let fingerprint = await fingerprintOf(hostKey);
  const start = async (): Promise<void> => { sshd = await launch(config, port); };
  const halt = async (): Promise<void> => {
    if (sshd) await stopProcess(sshd);
    sshd = undefined;
  };
  try {
    await start();
  } catch (error) {
    await temp.remove();
    throw error;
  }
  return {
    host: '127.0.0.1',
    port,
    user: userInfo().username,
    clientKey,
    wrongClientKey,
    get hostKeyFingerprint() { return fingerprint; },
    root,
    halt,
    restart: async () => { await halt(); await start(); },
    async restartWithNewHostKey() {
      await halt();
      await rm(hostKey, { force: true });
      await rm(`${hostKey}.pub`, { force: true });
      await keygen(hostKey);
      fingerprint = await fingerprintOf(hostKey);
      await start();
    },
    async stop() {
      await halt();
      await temp.remove();
    },
  };
}

function sshdConfig(dir: string, port: number): string {
  return [
    `Port ${port}`,
    'ListenAddress 127.0.0.1',
    `HostKey ${join(dir, 'hostkey')}`,
    `PidFile ${join(dir, 'sshd.pid')}`,
    `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`,
    'PasswordAuthentication no',
    'KbdInteractiveAuthentication no',
    'PubkeyAuthentication yes',
    'PermitRootLogin prohibit-password',
    'UsePAM no',
    'StrictModes no',
    'Subsystem sftp internal-sftp',
    '',
  ].join('\n');
}

async function keygen(file: string): Promise<void> {
  await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'timelocker-test', '-f', file]);
}

async function fingerprintOf(key: string): Promise<string> {
  const { stdout } = await run('ssh-keygen', ['-l', '-E', 'sha256', '-f', `${key}.pub`]);
  const match = /SHA256:[A-Za-z0-9+/]+/.exec(stdout);
  if (!match) throw new Error(`ssh-keygen printed no fingerprint: ${stdout}`);
  return match[0];
}

/** Starts sshd and waits until it answers with its SSH banner. */
async function launch(config: string, port: number): Promise<ChildProcess> {
  const child = spawn('/usr/sbin/sshd', ['-D', '-e', '-f', config], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const deadline = Date.now() + START_DEADLINE_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`sshd exited during start: ${stderr}`);
    if (await answersSsh(port)) return child;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  await stopProcess(child);
  throw new Error(`sshd did not answer on port ${port} in time: ${stderr}`);
}

function answersSsh(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    const done = (ok: boolean): void => { socket.destroy(); resolve(ok); };
    socket.setTimeout(1_000, () => done(false));
    socket.once('error', () => done(false));
    socket.once('data', (chunk: Buffer) => done(chunk.toString('latin1').startsWith('SSH-')));
  });
}
