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
  /** Replace what is in the way (audited with the number of paths replaced). Links are replaced, never followed. */
  readonly overwrite: boolean;
  /** Only into `restore.allowedTargets` and never with overwrite: how API tokens below admin restore. */
  readonly confined?: boolean;
  /** Who asked, for the audit log (e.g. `api:<token>`); the kernel's actor when unset. */
  readonly actor?: string;
}

export interface RestorePreview {
  readonly snapshotId: string;
  readonly files: number;
  readonly bytes: number;
  readonly paths: readonly string[];
}

/**
 * Restores write only inside their target: restic restores into a fresh folder made inside it, and the result is
 * moved into place without following any link found there; a restore that matches nothing fails.
 */
export interface RestoreService {
  /** Checks the target, then starts the restore job. */
  restore(request: RestoreRequest, token: CancellationToken): Promise<JobHandle>;
  /** What a restore would write, without writing anything. */
  preview(request: RestoreRequest, token: CancellationToken): Promise<RestorePreview>;
}
