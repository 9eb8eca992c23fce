/**
 * One word per plugin, the same in `plugins list`, REST and the UI:
 * `inactive` (loaded, not activated yet), `activating`, `active`, `failed` (activation threw or timed out),
 * `disabled` (by the user), `rejected` (bad manifest, incompatible API, duplicate id).
 */
export type PluginState = 'inactive' | 'activating' | 'active' | 'failed' | 'disabled' | 'rejected';

/**
 * A plugin as `timelocker plugins list` and `GET /api/v1/plugins` report it: for the kernel that builds it and the
 * browser that shows it. `Point`: the contribution points the reader knows by name.
 */
export interface PluginStatusDto<Point extends string = string> {
  readonly id: string;
  readonly version: string;
  readonly path: string;
  readonly builtin: boolean;
  readonly state: PluginState;
  readonly displayName?: string;
  readonly description?: string;
  /** Why it was rejected or disabled, dropped contribution entries, errors the plugin caused at run time. */
  readonly messages: readonly string[];
  /** The activation error, while the state is `failed` (and while a retry of that activation is `activating`). */
  readonly error?: string;
  /** When the activation failed (possibly in another TimeLocker process). */
  readonly failedAt?: string;
  readonly activationMs?: number;
  /** Full ids of what the plugin contributes, by point (`configuration` when it has settings). */
  readonly contributions: Readonly<Partial<Record<Point, readonly string[]>>>;
  /** Plugins it needs (`dependsOn`), activated before it. */
  readonly dependsOn?: readonly string[];
}
