import type { JobKind } from '@timelocker/plugin-api';
import { TimeLockerError } from '../core/errors.js';
import type { JobContext, JobResult } from '../jobs/job-service.js';

export const HookRunner = Symbol('HookRunner');

/** What a hook learns about its job, as TIMELOCKER_* environment variables. */
export interface HookFacts {
  readonly kind: JobKind;
  readonly plan: string;
  readonly repository: string;
  readonly paths: readonly string[];
  readonly tags: readonly string[];
}

/** Runs a plan's command hooks around a job's work: their output goes to the job's log, each run is audited. */
export interface HookRunner {
  /**
   * `before` hooks, then `work`, then `after` hooks on success or `onError` hooks on failure or cancellation.
   * A failing `fail` hook fails the job (a failing `before` hook means `work` never runs); a failing `warn` hook
   * adds a warning to the job's result.
   */
  around(facts: HookFacts, context: JobContext, work: () => Promise<JobResult>): Promise<JobResult>;
}

/** A `fail` hook failed: the job fails with this message. */
export class HookFailedError extends TimeLockerError {
  constructor(message: string) {
    super('operation-failed', message);
    this.name = 'HookFailedError';
  }
}
