import { inject, injectable } from 'inversify';
import type { ScheduledRunParticipant } from '../scheduler/scheduled-run-participant.js';
import type { ScheduledTask } from '../scheduler/scheduled-task.js';
import type { ScheduledTaskRun } from '../scheduler/scheduled-task-runner.js';
import { CircuitBreakerService } from './circuit-breaker-service.js';

/** Holds back scheduled runs of a repository whose breaker is open, and counts their failures. */
@injectable()
export class BreakerScheduledRunParticipant implements ScheduledRunParticipant {
  constructor(@inject(CircuitBreakerService) private readonly breakers: CircuitBreakerService) {}

  async vetoRun(task: ScheduledTask, now: Date): Promise<string | undefined> {
    return task.repository === undefined ? undefined : this.breakers.pauseReason(task.repository, now);
  }

  async didRun(task: ScheduledTask, run: ScheduledTaskRun): Promise<void> {
    // Successes close the breaker through BreakerContribution, for manual runs alike; cancels and window ends say nothing.
    if (task.repository !== undefined && run.job.status === 'failed') {
      await this.breakers.recordScheduledFailure(task.repository, run.job.error ?? 'failed');
    }
  }
}
