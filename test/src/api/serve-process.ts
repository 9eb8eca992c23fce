import type { TestWorkspace } from '../support/workspace.js';
import type { RunningCli } from '../support/cli.js';

export interface ServedWorkbench {
  readonly running: RunningCli;
  readonly url: string;
  /** The session admin token `serve` printed. */
  readonly adminToken: string;
  stop(): Promise<void>;
}

/** Starts `timelocker serve --json --no-open` and waits for the JSON line with its address. */
export async function serveWorkbench(ws: TestWorkspace, env: Record<string, string | undefined> = {}): Promise<ServedWorkbench> {
  const running = ws.spawn(['serve', '--no-open', '--json', '--port', '0'], { env });
  const info = await new Promise<{ url: string; openUrl: string }>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`serve did not start: ${out}`)), 30_000);
    running.child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      try {
        resolve(JSON.parse(out) as { url: string; openUrl: string });
        clearTimeout(timer);
      } catch {
        // not the whole JSON document yet
      }
    });
    void running.done.then((result) => reject(new Error(`serve exited ${result.code}: ${result.stderr}`)));
  });
  return {
    running,
    url: info.url,
    adminToken: new URL(info.openUrl).searchParams.get('token')!,
    stop: async () => {
      if (running.child.exitCode === null && running.child.pid !== undefined) process.kill(running.child.pid, 'SIGINT');
      await running.done;
    },
  };
}
