/** A resource that can be released; returned by every `register…` call of the API. */
export class Disposable {
  private disposed = false;

  constructor(private readonly callOnDispose: () => void) {}

  static from(...disposables: ReadonlyArray<{ dispose(): unknown }>): Disposable {
    return new Disposable(() => {
      for (const d of disposables) d.dispose();
    });
  }

  /** Shared no-op; disposing it has no effect. */
  static readonly None: Disposable = new Disposable(() => undefined);

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.callOnDispose();
  }
}

export interface DisposableLike {
  dispose(): unknown;
}
