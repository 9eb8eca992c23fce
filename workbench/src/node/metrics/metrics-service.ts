import type { CancellationToken } from '@timelocker/plugin-api';
import type { PlanHealth } from '../catalog/plan-health.js';
import type { ResticTarget } from '../restic/restic-engine.js';

export const MetricsService = Symbol('MetricsService');

/** One `restic stats` sample of a repository, taken outside any job's slot (lazily after backups, or on demand). */
export interface StorageSample {
  readonly repository: string;
  readonly time: string;
  /** The backup job whose success prompted the sample; null for an on-demand sample (`timelocker stats`). */
  readonly jobId: string | null;
  /** Bytes the repository stores (`stats --mode raw-data`): after dedup and compression. */
  readonly rawSize: number;
  /** Bytes a restore of every snapshot would write (`stats --mode restore-size`). */
  readonly restoreSize: number | null;
  readonly blobCount: number | null;
  readonly snapshotCount: number;
  /** restoreSize / rawSize: how much deduplication (and compression) saves. */
  readonly dedupRatio: number | null;
}

export interface StorageFilter {
  readonly repository?: string;
  readonly from?: string;
  readonly to?: string;
}

export interface MetricsService {
  /** Runs `restic stats` on the repository and appends the sample to the time series; throws what restic failed with. */
  sample(target: ResticTarget, jobId: string | null, token: CancellationToken): Promise<StorageSample>;
  storageSamples(filter?: StorageFilter): Promise<StorageSample[]>;
  planHealth(): Promise<PlanHealth[]>;
}
