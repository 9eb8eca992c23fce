import type { UnavailableState } from './contribution-availability.js';

/**
 * The plugin behind a contribution cannot serve it: disabled, failed to activate, not loaded, not installed, or its
 * host went away. Only the operation that needs it fails (exit 1; 503 over REST), naming the plugin.
 */
export class ProviderUnavailableError extends Error {
  constructor(message: string, readonly pluginId?: string, readonly state?: UnavailableState) {
    super(message);
    this.name = 'ProviderUnavailableError';
  }
}

/** A provider ran and threw; the message is the plugin's, the plugin id says whose (502 over REST). */
export class PluginCallError extends Error {
  constructor(message: string, readonly pluginId: string) {
    super(message);
    this.name = 'PluginCallError';
  }
}

/** The provider lacks an optional method, e.g. a backend without `testConnection` (501 over REST). */
export class ProviderCapabilityError extends Error {
  constructor(message: string, readonly pluginId: string) {
    super(message);
    this.name = 'ProviderCapabilityError';
  }
}
