import type { CancellationToken, Event, JobStatus } from '@timelocker/plugin-api';
import type { ScheduledTaskKind } from './scheduled-task.js';
import type { ScheduledTaskRun } from './scheduled-task-runner.js';

export const SchedulerService = Symbol('SchedulerService');

/** One scheduled task as `schedule list` shows it. */
export interface ScheduledTaskInfo {
  /** `backup:<plan>`, `check:<repository>`, `prune:<repository>`. */
  readonly task: string;
  readonly kind: ScheduledTaskKind;
  /** Backups only. */
  readonly plan?: string;
  /** The repository worked on (a backup's is its plan's). */
  readonly repository?: string;
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

/** A scheduled plan backup. */
export type ScheduledPlanInfo = ScheduledTaskInfo & { readonly kind: 'backup'; readonly plan: string };

export interface ScheduledRunOutcome {
  readonly task: string;
  readonly kind: ScheduledTaskKind;
  readonly plan?: string;
  readonly repository?: string;
  /** The slot it ran for (ISO), when the scheduler started it. */
  readonly slot?: string;
  readonly run?: ScheduledTaskRun;
  /** Why it did not start (outside the window, still running, a user error). */
  readonly skipped?: string;
}

export interface SchedulerService {
  readonly active: boolean;
  /** How late (seconds) the most recent scheduled run started after its slot; undefined before the first. */
  readonly lagSeconds: number | undefined;
  /** Arms every scheduled task and catches up once on slots missed while nothing ran. For long-lived kernels. */
  startScheduling(): Promise<void>;
  /** Disarms, stops running scheduled tasks gracefully and waits for them. */
  stopScheduling(): Promise<void>;
  /**
   * Runs the task (`backup:<plan>`, `check:<repository>`, `prune:<repository>`) now as a scheduled run: only inside
   * its window, stopped at the window end. Throws UsageError for a malformed key.
   */
  runScheduled(task: string, token: CancellationToken, slot?: Date): Promise<ScheduledRunOutcome>;
  /** Every scheduled task: plan backups, repository checks and prunes. */
  listTasks(now?: Date): Promise<ScheduledTaskInfo[]>;
  /** The scheduled plan backups only (plan status views). */
  list(now?: Date): Promise<ScheduledPlanInfo[]>;
  readonly onDidFinishRun: Event<ScheduledRunOutcome>;
}
