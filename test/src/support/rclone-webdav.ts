import { spawn } from 'node:child_process';
import { connect } from 'node:net';
import { freePort, stopProcess } from './processes.js';

export interface WebdavServer {
  readonly url: string;
  stop(): Promise<void>;
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => { socket.destroy(); resolve(true); });
    socket.once('error', () => resolve(false));
  });
}

/** Debian's `rclone serve webdav` on 127.0.0.1, serving `root` to one user with basic authentication. */
export async function startRcloneWebdav(root: string, user: string, password: string): Promise<WebdavServer> {
  const port = await freePort();
  const child = spawn('rclone', ['serve', 'webdav', '--addr', `127.0.0.1:${port}`, '--user', user, '--pass', password, root], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const deadline = Date.now() + 15_000;
  while (!(await accepts(port))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      await stopProcess(child);
      throw new Error(`rclone serve webdav did not start: ${stderr}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return { url: `http://127.0.0.1:${port}/`, stop: () => stopProcess(child) };
}
