import type { CancellationToken } from '@timelocker/plugin-api';
import type { ConfigIssue, TimeLockerConfig } from './config-model.js';

/**
 * Checks a config beyond its schema (e.g. policy rules from plugins) before it is saved or when `config validate`
 * runs; issues it returns refuse the save. Bound as a multi-binding; ConfigService calls every participant.
 */
export const ConfigValidationParticipant = Symbol('ConfigValidationParticipant');

export interface ConfigValidationParticipant {
  validateConfig(config: TimeLockerConfig, locate: (jsonPath: readonly string[]) => Pick<ConfigIssue, 'line' | 'column'>, token: CancellationToken): Promise<ConfigIssue[]>;
}
