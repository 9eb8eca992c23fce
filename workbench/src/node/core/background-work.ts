import type { Logger } from './log-service.js';

/**
 * Work an event handler starts but cannot await: a failure is logged as a warning (never an unhandled rejection),
 * and `idle()` resolves once nothing started here is running any more, so a contribution's `onStop` can wait for it.
 */
export class BackgroundWork {
  private readonly pending = new Set<Promise<void>>();

  constructor(private readonly logger: Logger) {}

  /** `what` names the work in the warning, e.g. `notifying breaker.opened`. */
  run(what: string, work: Promise<unknown>): void {
    const tracked: Promise<void> = work
      .then(() => undefined, (error: unknown) => this.logger.warn(`${what} failed: ${error instanceof Error ? error.message : String(error)}`))
      .finally(() => this.pending.delete(tracked));
    this.pending.add(tracked);
  }

  /** Waits for the work running now and for any it was given meanwhile. */
  async idle(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }
}
