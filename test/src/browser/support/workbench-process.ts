import { join } from 'node:path';
import { repoRoot, type RunningCli } from '../../support/cli.js';
import type { TestWorkspace } from '../../support/workspace.js';

export const fixturePlugin = (name: string): string => join(repoRoot, 'test', 'fixtures', 'plugins', name);

/** The real `timelocker serve` in a child process on a free loopback port, with its own config and data dirs. */
export class WorkbenchProcess {
  private constructor(readonly ws: TestWorkspace, private readonly running: RunningCli, readonly openUrl: string) {}

  /**
   * `pluginDirs`: extra plugin folders (`--plugin-dir`), e.g. fixture plugins; `port`: a fixed one (a restart on the
   * same address); `env`: extra environment of the server.
   */
  static async start(ws: TestWorkspace, options: { pluginDirs?: readonly string[]; port?: number; env?: Record<string, string> } = {}): Promise<WorkbenchProcess> {
    const pluginArgs: string[] = [];
    for (const dir of options.pluginDirs ?? []) pluginArgs.push('--plugin-dir', dir);
    const running = ws.spawn([...pluginArgs, 'serve', '--no-open', '--port', String(options.port ?? 0)], options.env ? { env: options.env } : {});
    const openUrl = await new Promise<string>((resolve, reject) => {
      let out = '';
      const timer = setTimeout(() => reject(new Error(`timelocker serve did not print its URL within 30 s:\n${out}`)), 30_000);
      running.child.stdout!.on('data', (chunk: Buffer | string) => {
        out += String(chunk);
        const url = /https?:\/\/\S+token=\S+/.exec(out)?.[0];
        if (url) {
          clearTimeout(timer);
          resolve(url);
        }
      });
      running.child.stderr!.on('data', (chunk: Buffer | string) => (out += String(chunk)));
      running.child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`timelocker serve exited with ${code}:\n${out}`));
      });
    });
    return new WorkbenchProcess(ws, running, openUrl);
  }

  get baseUrl(): string {
    return new URL('/', this.openUrl).toString();
  }

  get port(): number {
    return Number(new URL(this.openUrl).port);
  }

  get adminToken(): string {
    return new URL(this.openUrl).searchParams.get('token')!;
  }

  /** SIGINT, as Ctrl-C: the server cancels running jobs and closes; resolves when the process is gone. */
  async stop(): Promise<void> {
    if (this.running.child.exitCode !== null || this.running.child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => this.running.child.once('exit', () => resolve()));
    this.running.child.kill('SIGINT');
    const timer = setTimeout(() => this.running.child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(timer);
  }
}
