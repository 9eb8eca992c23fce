import type { CancellationToken, JobDto } from '@timelocker/plugin-api';

export const UnlockService = Symbol('UnlockService');

/** `restic unlock`: removes locks left by processes that are gone; a live process's lock stays. */
export interface UnlockService {
  unlock(repository: string, token: CancellationToken, reason?: string): Promise<{ job: JobDto; cause?: unknown }>;
}
