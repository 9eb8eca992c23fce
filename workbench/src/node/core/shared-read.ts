/**
 * A value that is expensive to read and asked for by every polling client: reads within `ttlMs` of each other share
 * one computation, `invalidate()` forgets it at once (after a change that makes it stale), and a failed read is not
 * kept.
 */
export class SharedRead<T> {
  private cached: { readonly at: number; readonly value: Promise<T> } | undefined;

  constructor(
    private readonly compute: () => Promise<T>,
    private readonly ttlMs: number,
  ) {}

  read(): Promise<T> {
    if (!this.cached || Date.now() - this.cached.at > this.ttlMs) {
      const value = this.compute();
      this.cached = { at: Date.now(), value };
      value.catch(() => {
        if (this.cached?.value === value) this.cached = undefined;
      });
    }
    return this.cached.value;
  }

  invalidate(): void {
    this.cached = undefined;
  }
}
