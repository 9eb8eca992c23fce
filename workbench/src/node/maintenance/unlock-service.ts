import type { CancellationToken } from '@timelocker/plugin-api';
import type { JobHandle } from '../jobs/job-service.js';

export const UnlockService = Symbol('UnlockService');

/** `restic unlock`: removes locks left by processes that are gone; a live process's lock stays. */
export interface UnlockService {
  unlock(repository: string, token: CancellationToken, reason?: string): Promise<JobHandle>;
}
