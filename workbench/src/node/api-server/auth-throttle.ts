/** What a failed authentication costs: nothing yet, or a wait (and whether this failure started it). */
export interface ThrottleVerdict {
  /** Seconds the sender must wait before failing again is answered with 401; 0 while under the limit. */
  readonly retryAfter: number;
  /** True for the first failure over the limit in a window (worth one audit entry, not one per request). */
  readonly started: boolean;
}

/** Keys that are remembered at most; past it the stalest are forgotten, so random guesses cannot grow memory. */
const maxKeys = 10_000;

/**
 * Counts failed authentications per key (the client address, the presented token's prefix); after `limit` in
 * `windowMs` further failures under that key are refused with 429 until the window has passed. Only failures are
 * counted and only failures are refused: a request with a valid token is never throttled.
 */
export class AuthThrottle {
  private readonly failures = new Map<string, number[]>();

  constructor(private readonly limit: number, private readonly windowMs: number) {}

  recordFailure(keys: readonly string[], now = Date.now()): ThrottleVerdict {
    let retryAfter = 0;
    let started = false;
    for (const key of keys) {
      const recent = this.recent(key, now);
      recent.push(now);
      this.failures.delete(key);
      this.failures.set(key, recent);
      if (recent.length <= this.limit) continue;
      started ||= recent.length === this.limit + 1;
      retryAfter = Math.max(retryAfter, Math.max(1, Math.ceil((recent[recent.length - this.limit]! + this.windowMs - now) / 1000)));
    }
    this.forgetStalest();
    return { retryAfter, started };
  }

  private recent(key: string, now: number): number[] {
    return (this.failures.get(key) ?? []).filter((t) => now - t < this.windowMs);
  }

  /** Map order is insertion order and a key is re-inserted on each failure, so the first keys are the stalest. */
  private forgetStalest(): void {
    for (const key of this.failures.keys()) {
      if (this.failures.size <= maxKeys) return;
      this.failures.delete(key);
    }
  }
}
