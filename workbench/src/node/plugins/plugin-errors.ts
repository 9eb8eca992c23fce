import { TimeLockerError, type ErrorKind } from '@timelocker/plugin-api';
import type { UnavailableState } from './contribution-availability.js';

/**
 * The plugin behind a contribution cannot serve it: disabled, failed to activate, not loaded, not installed, or its
 * host went away. Only the operation that needs it fails (exit 1; 503 over REST), naming the plugin.
 */
export class ProviderUnavailableError extends TimeLockerError {
  constructor(message: string, readonly pluginId?: string, readonly state?: UnavailableState) {
    super('unavailable', message);
    this.name = 'ProviderUnavailableError';
  }
}

/** What a plugin may tell a caller through the kind of the error it throws; any other failure is the plugin's own. */
const callerKinds: ReadonlySet<ErrorKind> = new Set(['usage', 'not-found', 'conflict', 'unavailable']);

/**
 * A provider ran and threw; the message is the plugin's, the plugin id says whose. Its kind is the one the plugin
 * threw when that is a kind a plugin may signal (`usage`, `not-found`, `conflict`, `unavailable`), else `plugin-failed` (502).
 */
export class PluginCallError extends TimeLockerError {
  constructor(message: string, readonly pluginId: string, thrownKind?: ErrorKind) {
    super(thrownKind !== undefined && callerKinds.has(thrownKind) ? thrownKind : 'plugin-failed', message);
    this.name = 'PluginCallError';
  }
}

/** The provider lacks an optional method, e.g. a backend without `testConnection` (exit 1, 501 over REST). */
export class ProviderCapabilityError extends TimeLockerError {
  constructor(message: string, readonly pluginId: string) {
    super('not-supported', message);
    this.name = 'ProviderCapabilityError';
  }
}
