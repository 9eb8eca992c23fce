/** A resource that can be released; returned by every `register…` call of the API. */
export class Disposable {
  private disposed = false;

  constructor(private readonly callOnDispose: () => void) {}

  /** One Disposable that disposes all of `disposables`. */
  static from(...disposables: ReadonlyArray<{ dispose(): unknown }>): Disposable {
    return new Disposable(() => {
      for (const d of disposables) d.dispose();
    });
  }

  /** Shared no-op; disposing it has no effect. */
  static readonly None: Disposable = new Disposable(() => undefined);

  /** Runs the cleanup once; later calls do nothing. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.callOnDispose();
  }
}

/** Anything with a `dispose()`, e.g. what `context.subscriptions` holds. */
export interface DisposableLike {
  /** Releases the resource. */
  dispose(): unknown;
}
