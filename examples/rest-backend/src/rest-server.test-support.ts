import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

export interface RestServer {
  readonly url: string;
  readonly dir: string;
  stop(): Promise<void>;
}

/** `rclone serve restic` on 127.0.0.1 with a free port; resolves once it prints the address it serves. */
export async function startRestServer(): Promise<RestServer> {
  const dir = await mkdtemp(join(tmpdir(), 'rest-backend-'));
  const child: ChildProcess = spawn('rclone', ['serve', 'restic', '--addr', '127.0.0.1:0', join(dir, 'repos')], {
    env: { ...process.env, RCLONE_CONFIG: join(dir, 'rclone.conf') },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      process.kill(child.pid!, 'SIGTERM');
      await exited;
    }
    await rm(dir, { recursive: true, force: true });
  };
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('rclone serve restic did not start within 15 s')), 15_000);
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`rclone exited with ${code}`)));
    createInterface({ input: child.stderr! }).on('line', (line) => {
      const match = /Serving restic REST API on (http:\/\/\S+)/.exec(line);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
  }).catch(async (error: Error) => {
    await stop();
    throw error;
  });
  return { url, dir, stop };
}
