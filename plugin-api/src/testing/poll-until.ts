/** What `pollUntil` reads as "not yet": the probe is asked again. Any other value ends the wait. */
export type NotYet = undefined | null | false;

/**
 * Asks `probe` every `intervalMs` until it answers something other than `undefined`, `null` or `false`, and
 * resolves with that answer; fails naming `what` once `timeoutMs` has passed. An error thrown by the probe fails
 * the wait at once. The one way tests wait for something that has no event: never a fixed sleep.
 */
export async function pollUntil<T>(what: string, probe: () => T | NotYet | Promise<T | NotYet>, timeoutMs = 30_000, intervalMs = 50): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== null && value !== false) return value as T;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
