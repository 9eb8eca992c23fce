import type { CancellationToken } from '@timelocker/plugin-api';
import { inject, injectable } from 'inversify';
import type { ConfigIssue, TimeLockerConfig } from '../config/config-model.js';
import type { ConfigValidationParticipant } from '../config/config-validation-participant.js';
import { PolicyService } from './policy-service.js';

/** Blocking policy findings refuse a config save; they point at the repository (or plan) they concern. */
@injectable()
export class PolicyConfigParticipant implements ConfigValidationParticipant {
  constructor(@inject(PolicyService) private readonly policies: PolicyService) {}

  async validateConfig(config: TimeLockerConfig, locate: (jsonPath: readonly string[]) => Pick<ConfigIssue, 'line' | 'column'>, token: CancellationToken): Promise<ConfigIssue[]> {
    if (!config.policies?.length) return [];
    const findings = await this.policies.evaluateAll('config', token, config);
    return findings.filter((f) => f.severity === 'error').map((f) => {
      const path = f.plan ? ['plans', f.plan] : ['repositories', f.repository];
      return { file: '', jsonPath: `/${path.join('/')}`, message: `blocked by policy ${f.rule} (policies[${f.policy}]): ${f.message}`, ...locate(path) };
    });
  }
}
