import type { CancellationToken } from '@timelocker/plugin-api';
import { injectable } from 'inversify';
import type { ConfigIssue, TimeLockerConfig } from '../config/config-model.js';
import type { ConfigValidationParticipant } from '../config/config-validation-participant.js';
import { scheduleProblem } from './plan-schedule.js';
import { scheduledTasks } from './schedule-config.js';

/** The schema can only say "a string"; croner says whether it is a schedule (plan backups, repository checks and prunes). */
@injectable()
export class ScheduleConfigParticipant implements ConfigValidationParticipant {
  async validateConfig(config: TimeLockerConfig, locate: (jsonPath: readonly string[]) => Pick<ConfigIssue, 'line' | 'column'>, _token: CancellationToken): Promise<ConfigIssue[]> {
    return scheduledTasks(config).flatMap((task) => {
      const problem = scheduleProblem(task.schedule!);
      const path = task.schedulePath;
      return problem ? [{ file: '', jsonPath: `/${path.join('/')}`, message: problem, ...locate(path) }] : [];
    });
  }
}
