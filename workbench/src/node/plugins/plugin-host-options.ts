/** Optional tuning of the plugin host; tests bind shorter limits. */
export const PluginHostOptions = Symbol('PluginHostOptions');

export interface PluginHostOptions {
  /** How long one plugin's `activate` may take (default 10 s). */
  readonly activationTimeoutMs?: number;
  /** Restarts allowed within `restartWindowMs` before every plugin is marked failed (default 3). */
  readonly maxRestarts?: number;
  readonly restartWindowMs?: number;
}

export const defaultPluginHostOptions: Required<PluginHostOptions> = {
  activationTimeoutMs: 10_000,
  maxRestarts: 3,
  restartWindowMs: 5 * 60_000,
};
