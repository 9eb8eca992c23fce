import type { JobStatus } from '@timelocker/plugin-api';

export const ScheduleStore = Symbol('ScheduleStore');

/** What the scheduler remembers per task across restarts (catalog table `schedule_runs`). */
export interface TaskRunRecord {
  /** The task key: `backup:<plan>`, `check:<repository>`, `prune:<repository>`. */
  readonly task: string;
  /** The latest slot that was run (or skipped, or first seen): slots after it were missed. */
  readonly lastSlot: string;
  readonly lastStarted?: string;
  readonly lastJob?: string;
  readonly lastStatus?: JobStatus;
}

export interface ScheduleStore {
  all(): Promise<Map<string, TaskRunRecord>>;
  get(task: string): Promise<TaskRunRecord | undefined>;
  /** Writes the records (insert or replace) in one catalog transaction. */
  put(...records: TaskRunRecord[]): Promise<void>;
}
