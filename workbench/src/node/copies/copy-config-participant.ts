import type { CancellationToken } from '@timelocker/plugin-api';
import { injectable } from 'inversify';
import type { ConfigIssue, TimeLockerConfig } from '../config/config-model.js';
import type { ConfigValidationParticipant } from '../config/config-validation-participant.js';
import { copyTargetsOf } from './copy-schema.js';

/** `copyTo` names repositories: each must be configured and must not be the plan's own repository. */
@injectable()
export class CopyConfigParticipant implements ConfigValidationParticipant {
  async validateConfig(config: TimeLockerConfig, locate: (jsonPath: readonly string[]) => Pick<ConfigIssue, 'line' | 'column'>, _token: CancellationToken): Promise<ConfigIssue[]> {
    const issues: ConfigIssue[] = [];
    for (const [plan, settings] of Object.entries(config.plans)) {
      copyTargetsOf(config, plan).forEach((destination, index) => {
        const path = ['plans', plan, 'copyTo', String(index)];
        const problem = destination === settings.repository ? `"${destination}" is the plan's own repository; copies go to other repositories`
          : !config.repositories[destination] ? `unknown repository "${destination}" (configured: ${Object.keys(config.repositories).join(', ') || 'none'})` : undefined;
        if (problem) issues.push({ file: '', jsonPath: `/${path.join('/')}`, message: problem, ...locate(path) });
      });
    }
    return issues;
  }
}
