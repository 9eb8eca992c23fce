import { fork, type ChildProcess } from 'node:child_process';
import { pluginHostEntry } from '../core/install-layout.js';

/**
 * Forks a plugin host process: an IPC channel (JSON) for the kernel's RPC, its output piped to the kernel's log.
 * It waits for the kernel's `$initialize` and leaves when the channel closes, so a host whose kernel is gone ends.
 */
export function forkPluginHost(execArgv: readonly string[] = []): ChildProcess {
  return fork(pluginHostEntry, [], { execArgv: [...execArgv], stdio: ['ignore', 'pipe', 'pipe', 'ipc'], serialization: 'json' });
}

/** Whether a forked host can still be adopted: running, its channel open. */
export function isAdoptable(child: ChildProcess): boolean {
  return child.exitCode === null && child.signalCode === null && child.connected;
}
