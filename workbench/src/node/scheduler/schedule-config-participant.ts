import type { CancellationToken } from '@timelocker/plugin-api';
import { injectable } from 'inversify';
import type { ConfigIssue, TimeLockerConfig } from '../config/config-model.js';
import type { ConfigValidationParticipant } from '../config/config-validation-participant.js';
import { scheduleProblem } from './plan-schedule.js';
import { scheduleOf, scheduledPlans } from './schedule-config.js';

/** The schema can only say "a string"; croner says whether it is a schedule. */
@injectable()
export class ScheduleConfigParticipant implements ConfigValidationParticipant {
  async validateConfig(config: TimeLockerConfig, locate: (jsonPath: readonly string[]) => Pick<ConfigIssue, 'line' | 'column'>, _token: CancellationToken): Promise<ConfigIssue[]> {
    return scheduledPlans(config).flatMap((plan) => {
      const problem = scheduleProblem(scheduleOf(config, plan)!);
      const path = ['plans', plan, 'schedule'];
      return problem ? [{ file: '', jsonPath: `/${path.join('/')}`, message: problem, ...locate(path) }] : [];
    });
  }
}
