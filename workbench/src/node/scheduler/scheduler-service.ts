import type { CancellationToken, Event, JobStatus } from '@timelocker/plugin-api';
import type { BackupRun } from '../operations/backup-service.js';

export const SchedulerService = Symbol('SchedulerService');

/** One scheduled plan as `schedule list` shows it. */
export interface ScheduledPlanInfo {
  readonly plan: string;
  readonly schedule: string;
  /** Absent when the expression is invalid (see `problem`) or has no further slot. */
  readonly nextRun?: string;
  readonly lastRun?: string;
  readonly lastStatus?: JobStatus;
  readonly lastJob?: string;
  /** e.g. `mon,tue 22:00–06:00`. */
  readonly window?: string;
  readonly running: boolean;
  readonly problem?: string;
}

export interface ScheduledRunOutcome {
  readonly plan: string;
  /** The slot it ran for (ISO), when the scheduler started it. */
  readonly slot?: string;
  readonly run?: BackupRun;
  /** Why it did not start (outside the window, still running, a user error). */
  readonly skipped?: string;
}

export interface SchedulerService {
  readonly active: boolean;
  /** Arms the schedules of every plan and catches up once on slots missed while nothing ran. For long-lived kernels. */
  startScheduling(): Promise<void>;
  /** Disarms, stops running scheduled backups gracefully and waits for them. */
  stopScheduling(): Promise<void>;
  /** Runs the plan now as a scheduled run: only inside its window, stopped at the window end. */
  runScheduled(plan: string, token: CancellationToken, slot?: Date): Promise<ScheduledRunOutcome>;
  list(now?: Date): Promise<ScheduledPlanInfo[]>;
  readonly onDidFinishRun: Event<ScheduledRunOutcome>;
}
