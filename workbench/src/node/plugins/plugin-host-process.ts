import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { createMessageConnection, IPCMessageReader, IPCMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node.js';
import type { Logger } from '../core/log-service.js';
import { forkPluginHost } from './plugin-host-fork.js';

const KILL_GRACE_MS = 2000;

/** One running plugin host child process and its JSON-RPC connection. */
export class PluginHostProcess {
  readonly rpc: MessageConnection;
  readonly pid: number;
  private readonly child: ChildProcess;
  private readonly exitedPromise: Promise<void>;
  private exited = false;

  /**
   * `inspect`: `[host:]port` for Node's inspector (`--inspect-plugins`); `onListening` gets its URL. `adopted`: a host
   * forked earlier by `forkPluginHost()` that has not been initialized yet, used instead of forking one.
   */
  constructor(logger: Logger, onGone: (host: PluginHostProcess) => void, inspect?: { address: string; onListening?: (url: string) => void }, adopted?: ChildProcess) {
    const execArgv = inspect === undefined ? [] : [`--inspect=${inspect.address.includes(':') ? inspect.address : `127.0.0.1:${inspect.address}`}`];
    this.child = adopted ?? forkPluginHost(execArgv);
    this.pid = this.child.pid ?? -1;
    // Whatever plugins print must not end up in the kernel's (or the CLI's) own output.
    if (this.child.stdout) createInterface({ input: this.child.stdout }).on('line', (line) => logger.info(`host: ${line}`));
    if (this.child.stderr) {
      createInterface({ input: this.child.stderr }).on('line', (line) => {
        logger.warn(`host: ${line}`);
        const url = /^Debugger listening on (ws:\/\/\S+)/.exec(line)?.[1];
        if (url) inspect?.onListening?.(url);
      });
    }
    this.exitedPromise = once(this.child, 'exit').then(() => { this.exited = true; }, () => undefined);
    this.child.on('error', (error) => logger.error(`Plugin host process error: ${error.message}`));
    this.child.on('exit', (code, signal) => {
      logger.info(`Plugin host ${this.pid} exited (${signal ?? `code ${code}`})`);
      onGone(this);
    });
    this.rpc = createMessageConnection(new IPCMessageReader(this.child), new IPCMessageWriter(this.child));
    this.rpc.onError(([error]) => logger.warn(`Plugin host connection error: ${error.message}`));
    this.rpc.onClose(() => onGone(this));
  }

  get running(): boolean {
    return !this.exited;
  }

  /** Closes the channel and ends the process by pid, escalating to SIGKILL if it does not go. */
  async kill(): Promise<void> {
    this.rpc.dispose();
    if (!this.exited) {
      signal(this.pid, 'SIGTERM');
      const timer = setTimeout(() => signal(this.pid, 'SIGKILL'), KILL_GRACE_MS);
      await this.exitedPromise;
      clearTimeout(timer);
    }
    this.release();
  }

  /** Drops every handle on the child so a CLI process can exit while nothing else is pending. */
  release(): void {
    if (this.child.connected) this.child.disconnect();
    this.child.stdout?.destroy();
    this.child.stderr?.destroy();
    this.child.unref();
  }
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // Already gone.
  }
}
