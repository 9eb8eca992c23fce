import type { JobStatus } from '@timelocker/plugin-api';

export const ScheduleStore = Symbol('ScheduleStore');

/** What the scheduler remembers per plan across restarts (catalog table `plan_schedule_runs`). */
export interface PlanRunRecord {
  readonly plan: string;
  /** The latest slot that was run (or skipped, or first seen): slots after it were missed. */
  readonly lastSlot: string;
  readonly lastStarted?: string;
  readonly lastJob?: string;
  readonly lastStatus?: JobStatus;
}

export interface ScheduleStore {
  all(): Promise<Map<string, PlanRunRecord>>;
  get(plan: string): Promise<PlanRunRecord | undefined>;
  /** Writes the records (insert or replace) in one catalog transaction. */
  put(...records: PlanRunRecord[]): Promise<void>;
}
