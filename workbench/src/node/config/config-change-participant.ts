import type { ConfigChange } from './config-service.js';

/**
 * Hears every change of the config file while the writer still holds the config lock (e.g. the audit log records
 * it with its actor). Bound as a multi-binding; a failing participant is logged and never undoes the write.
 */
export const ConfigChangeParticipant = Symbol('ConfigChangeParticipant');

export interface ConfigChangeParticipant {
  onDidChangeConfigFile(change: ConfigChange): Promise<void>;
}
