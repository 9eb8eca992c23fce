import type { BreakerRecord, BreakerStep } from './breaker-state.js';

export const BreakerStore = Symbol('BreakerStore');

/** Breaker records in the catalog, shared by every process (daemon, timers, CLI). */
export interface BreakerStore {
  all(): Promise<BreakerRecord[]>;
  get(repository: string): Promise<BreakerRecord | undefined>;
  /**
   * Applies `step` to the repository's current record under the catalog's write lock (another process may have
   * changed it meanwhile); nothing is written when the step returns undefined.
   */
  update(repository: string, step: (record: BreakerRecord | undefined) => BreakerStep | undefined): Promise<BreakerStep | undefined>;
}
