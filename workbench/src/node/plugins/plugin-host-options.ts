import type { ChildProcess } from 'node:child_process';

/** Optional tuning of the plugin host; tests bind shorter limits, `--inspect-plugins` binds `inspect`. */
export const PluginHostOptions = Symbol('PluginHostOptions');

export interface PluginHostOptions {
  /** How long one plugin's `activate` may take (default 10 s; 10 minutes while inspecting, for breakpoints). */
  readonly activationTimeoutMs?: number;
  /** Restarts allowed within `restartWindowMs` before every plugin is marked failed (default 3). */
  readonly maxRestarts?: number;
  readonly restartWindowMs?: number;
  /** How long plugins may take to deactivate when the host stops (default 5 s). */
  readonly shutdownTimeoutMs?: number;
  /** `[host:]port` for Node's inspector in the host process (`timelocker --inspect-plugins`); `0` picks a free port. */
  readonly inspect?: string;
  /** Told the inspector's WebSocket URL of every (re)started host, so the launcher can show where to attach. */
  readonly onInspectorListening?: (url: string) => void;
  /**
   * A host process forked (by `forkPluginHost()`) before the kernel started, so that it boots on another core while
   * the kernel loads: the CLI forks one at once for a command that starts a job. The first spawn takes it when it
   * still runs; undefined once taken.
   */
  readonly takeEarlyProcess?: () => ChildProcess | undefined;
}

export const INSPECT_ACTIVATION_TIMEOUT_MS = 10 * 60_000;

export const defaultPluginHostOptions: Required<Omit<PluginHostOptions, 'inspect' | 'onInspectorListening' | 'takeEarlyProcess'>> = {
  activationTimeoutMs: 10_000,
  maxRestarts: 3,
  restartWindowMs: 5 * 60_000,
  shutdownTimeoutMs: 5_000,
};
