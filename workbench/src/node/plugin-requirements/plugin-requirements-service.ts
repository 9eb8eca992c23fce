import type { CancellationToken } from '@timelocker/plugin-api';
import type { ConfigIssue, TimeLockerConfig } from '../config/config-model.js';
import type { UnavailableState } from '../plugins/contribution-availability.js';
import type { ListPoint } from '../plugins/contribution-registry.js';

export const PluginRequirementsService = Symbol('PluginRequirementsService');

/** A config entry whose plugin cannot serve it now; the entry stays valid and everything else keeps working. */
export interface InactiveEntry {
  /** e.g. `/repositories/nas`. */
  readonly jsonPath: string;
  /** e.g. `repository "nas"`. */
  readonly entry: string;
  readonly point: ListPoint;
  /** The full contribution id. */
  readonly id: string;
  readonly pluginId?: string;
  readonly state: UnavailableState;
  /** `repository "nas" is inactive: backend "acme.rclone" is unavailable: plugin acme.rclone is disabled (…)`. */
  readonly message: string;
}

/** What the config needs from plugins, and whether they can give it. */
export interface PluginRequirementsService {
  /** Entries whose backend, notifier or audit sink type, or policy rule is unavailable (static: nothing is activated). */
  inactiveEntries(config: TimeLockerConfig): InactiveEntry[];
  /**
   * Everything `config validate` reports about a config text: the schema and validation participants (errors), then
   * inactive entries (warnings) and every available backend's and notifier's own `validate`, through the plugin host,
   * each limited in time.
   */
  validate(text: string, file: string, token: CancellationToken): Promise<ConfigIssue[]>;
  /** The plugin part of `validate`, for a text that already passed the schema: warnings and the plugins' own checks. */
  pluginIssues(text: string, file: string, token: CancellationToken): Promise<ConfigIssue[]>;
}
