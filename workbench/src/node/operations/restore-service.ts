import type { CancellationToken } from '@timelocker/plugin-api';
import type { JobHandle } from '../jobs/job-service.js';

export const RestoreService = Symbol('RestoreService');

export interface RestoreRequest {
  readonly repository: string;
  /** `latest`, an id or a unique prefix. */
  readonly snapshot: string;
  /** Absolute target folder; must be empty or missing unless `overwrite`. */
  readonly target: string;
  readonly include: readonly string[];
  readonly verify: boolean;
  readonly overwrite: boolean;
}

export interface RestorePreview {
  readonly snapshotId: string;
  readonly files: number;
  readonly bytes: number;
  readonly paths: readonly string[];
}

export interface RestoreService {
  /** Checks the target, then starts the restore job. */
  restore(request: RestoreRequest, token: CancellationToken): Promise<JobHandle>;
  /** What a restore would write, without writing anything. */
  preview(request: RestoreRequest, token: CancellationToken): Promise<RestorePreview>;
}
