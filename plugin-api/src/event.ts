import { Disposable, type DisposableLike } from './disposable.js';

/** Subscribe with a listener; dispose the result to unsubscribe. */
export interface Event<T> {
  (listener: (e: T) => unknown, thisArgs?: unknown, disposables?: DisposableLike[]): Disposable;
}

export namespace Event {
  export const None: Event<never> = () => Disposable.None;
}

export interface EventEmitterOptions {
  /** Called when a listener throws, so one faulty listener never stops the others. */
  onListenerError?: (error: unknown) => void;
}

export class EventEmitter<T> {
  private listeners: Array<{ fn: (e: T) => unknown; thisArgs: unknown }> = [];
  private disposed = false;
  private eventFn: Event<T> | undefined;

  constructor(private readonly options: EventEmitterOptions = {}) {}

  get event(): Event<T> {
    this.eventFn ??= (fn, thisArgs, disposables) => {
      if (this.disposed) return Disposable.None;
      const entry = { fn, thisArgs };
      this.listeners.push(entry);
      const subscription = new Disposable(() => {
        this.listeners = this.listeners.filter((l) => l !== entry);
      });
      disposables?.push(subscription);
      return subscription;
    };
    return this.eventFn;
  }

  fire(event: T): void {
    for (const { fn, thisArgs } of [...this.listeners]) {
      try {
        fn.call(thisArgs, event);
      } catch (error) {
        if (this.options.onListenerError) this.options.onListenerError(error);
        else queueMicrotask(() => { throw error; });
      }
    }
  }

  get hasListeners(): boolean {
    return this.listeners.length > 0;
  }

  dispose(): void {
    this.disposed = true;
    this.listeners = [];
  }
}
