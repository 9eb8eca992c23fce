import type { ScheduledTask } from './scheduled-task.js';
import type { ScheduledTaskRun } from './scheduled-task-runner.js';

export const ScheduledRunParticipant = Symbol('ScheduledRunParticipant');

/** Features that hold back or learn from scheduled runs (e.g. circuit breakers) without the scheduler knowing them. */
export interface ScheduledRunParticipant {
  /** A reason not to start the task's run now (it is recorded as skipped); undefined lets it run. */
  vetoRun?(task: ScheduledTask, now: Date): Promise<string | undefined>;
  /** The run started a job, and the job has ended. */
  didRun?(task: ScheduledTask, run: ScheduledTaskRun): Promise<void>;
}
