import { spawn } from 'node:child_process';
import { cliEntry } from './sides.mjs';

/** Starts `timelocker serve` with `env`; resolves with its URL, session admin token and child process. */
export function serve(env) {
  const child = spawn(process.execPath, [cliEntry, 'serve', '--no-open', '--json'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.on('exit', (code) => reject(new Error(`serve exited ${code}`)));
    child.stdout.on('data', (chunk) => {
      out += chunk;
      try {
        const info = JSON.parse(out);
        resolve({ child, url: info.url, token: new URL(info.openUrl).searchParams.get('token') });
      } catch {
        // the JSON document is not complete yet
      }
    });
  });
}

/** Stops a server `serve` started (SIGINT, as a user's Ctrl+C) and waits for it to exit. */
export async function stopServe(server) {
  const exited = new Promise((resolve) => server.child.once('exit', resolve));
  server.child.kill('SIGINT');
  await exited;
}
