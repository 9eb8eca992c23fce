/** A resource that can be released; returned by every `register…` call of the API. */
export class Disposable {
  private disposed = false;

  constructor(private readonly callOnDispose: () => void) {}

  static from(...disposables: ReadonlyArray<{ dispose(): unknown }>): Disposable {
    return new Disposable(() => {
      for (const d of disposables) d.dispose();
    });
  }

  static readonly None: Disposable = Object.freeze(new Disposable(() => undefined)) as Disposable;

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.callOnDispose();
  }
}

export interface DisposableLike {
  dispose(): unknown;
}
