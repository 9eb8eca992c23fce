import type { CancellationToken } from '@timelocker/plugin-api';
import type { StorageSample } from './metrics-service.js';

export const StorageSampler = Symbol('StorageSampler');

/**
 * Takes repository size samples outside any job's slot: `restic stats` reads the whole index and walks every tree,
 * so backups never wait for it and a running workbench takes it at most once per `metrics.sampleInterval`.
 */
export interface StorageSampler {
  /** Samples the repository at once (`timelocker stats REPO`); throws what resolving or restic failed with. */
  sampleNow(repository: string, token: CancellationToken): Promise<StorageSample>;
  /** Samples unless a sample younger than `metrics.sampleInterval` exists; never throws (a failure is only logged). */
  sampleIfStale(repository: string, jobId: string | null, token: CancellationToken): Promise<StorageSample | undefined>;
}
