import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { stopProcess } from './processes.js';
import { makeTempDir, type TempDir } from './temp-dir.js';

const run = promisify(execFile);
const START_DEADLINE_MS = 15_000;

/**
 * Environment overrides for a machine without a Secret Service: no session bus address, no $XDG_RUNTIME_DIR/bus
 * for libdbus to find, and no display to autolaunch one.
 */
export const withoutSessionBus: Readonly<Record<string, undefined>> = {
  DBUS_SESSION_BUS_ADDRESS: undefined, XDG_RUNTIME_DIR: undefined, DISPLAY: undefined, WAYLAND_DISPLAY: undefined,
};

export interface PrivateKeyring {
  /** DBUS_SESSION_BUS_ADDRESS, XDG_DATA_HOME and XDG_RUNTIME_DIR of the private session; merge into a child's env. */
  readonly env: Record<string, string>;
  stop(): Promise<void>;
}

export interface PrivateKeyringOptions {
  /** Start without unlocking: there is no usable default collection, as on a locked desktop keyring. */
  readonly locked?: boolean;
}

/**
 * A real, unlocked (unless asked otherwise) Secret Service for tests: a private dbus-daemon plus gnome-keyring-daemon on
 * it, with keyrings in a temp dir. The bus has no service activation, so nothing can start behind
 * our back; both daemons run in the foreground and are stopped by pid.
 */
export async function startPrivateKeyring(options: PrivateKeyringOptions = {}): Promise<PrivateKeyring> {
  const temp = await makeTempDir('tl-keyring');
  const runtimeDir = join(temp.path, 'runtime');
  const dataHome = join(temp.path, 'data');
  await mkdir(runtimeDir, { mode: 0o700 });
  await mkdir(dataHome);
  const processes: ChildProcess[] = [];
  try {
    const configFile = join(temp.path, 'bus.conf');
    await writeFile(configFile, busConfig(join(runtimeDir, 'bus')));
    const bus = spawn('dbus-daemon', [`--config-file=${configFile}`, '--nofork', '--print-address=1'], { stdio: ['ignore', 'pipe', 'ignore'] });
    processes.push(bus);
    const address = await firstLine(bus);
    const env = { DBUS_SESSION_BUS_ADDRESS: address, XDG_DATA_HOME: dataHome, XDG_RUNTIME_DIR: runtimeDir };
    const unlock = options.locked ? [] : ['--unlock'];
    const keyring = spawn('gnome-keyring-daemon', ['--foreground', ...unlock, '--components=secrets'], {
      env: { ...process.env, ...env }, stdio: ['pipe', 'ignore', 'ignore'],
    });
    processes.push(keyring);
    // --unlock reads the password of the login keyring from stdin until EOF.
    keyring.stdin!.end(options.locked ? '' : 'private-keyring-password');
    await waitForSecretService(env, keyring);
    return { env, stop: () => stopAll(processes, temp) };
  } catch (error) {
    await stopAll(processes, temp);
    throw error;
  }
}

function busConfig(socket: string): string {
  return `<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:path=${socket}</listen>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
`;
}

function firstLine(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let buffered = '';
    const timer = setTimeout(() => reject(new Error('dbus-daemon printed no address')), START_DEADLINE_MS);
    child.once('error', (error) => { clearTimeout(timer); reject(error); });
    child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`dbus-daemon exited with ${code}`)); });
    child.stdout!.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const newline = buffered.indexOf('\n');
      if (newline < 0) return;
      clearTimeout(timer);
      resolve(buffered.slice(0, newline).trim());
    });
  });
}

async function waitForSecretService(env: Record<string, string>, keyring: ChildProcess): Promise<void> {
  const deadline = Date.now() + START_DEADLINE_MS;
  let exited = false;
  keyring.once('exit', () => { exited = true; });
  while (Date.now() < deadline) {
    if (exited) throw new Error('gnome-keyring-daemon exited during start');
    const { stdout } = await run('dbus-send', [
      '--session', '--print-reply', '--dest=org.freedesktop.DBus', '/org/freedesktop/DBus',
      'org.freedesktop.DBus.NameHasOwner', 'string:org.freedesktop.secrets',
    ], { env: { ...process.env, ...env } });
    if (/boolean true/.test(stdout)) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('gnome-keyring-daemon did not register org.freedesktop.secrets in time');
}

async function stopAll(processes: readonly ChildProcess[], temp: TempDir): Promise<void> {
  // The keyring first: it would exit anyway once its bus is gone, but we wait for it explicitly.
  for (const child of [...processes].reverse()) await stopProcess(child);
  await temp.remove();
}
