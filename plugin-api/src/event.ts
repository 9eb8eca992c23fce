import { Disposable, type DisposableLike } from './disposable.js';

/** Subscribe with a listener; dispose the result to unsubscribe. */
export interface Event<T> {
  (listener: (e: T) => unknown, thisArgs?: unknown, disposables?: DisposableLike[]): Disposable;
}

/** Events that never change. */
export namespace Event {
  /** An event that never fires. */
  export const None: Event<never> = () => Disposable.None;
}

/** Options of an EventEmitter. */
export interface EventEmitterOptions {
  /** Called when a listener throws, so one faulty listener never stops the others. */
  onListenerError?: (error: unknown) => void;
}

/** Owns an event: `event` is what others subscribe to, `fire` tells them. Name events `onDid…` / `onWill…`. */
export class EventEmitter<T> {
  private listeners: Array<{ fn: (e: T) => unknown; thisArgs: unknown }> = [];
  private disposed = false;
  private eventFn: Event<T> | undefined;

  constructor(private readonly options: EventEmitterOptions = {}) {}

  /** The subscribable event; expose this, keep the emitter private. */
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

  /** Calls every listener with `event`; a listener that throws does not stop the others. */
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

  /** Whether anyone listens. */
  get hasListeners(): boolean {
    return this.listeners.length > 0;
  }

  /** Drops every listener; later subscriptions are ignored. */
  dispose(): void {
    this.disposed = true;
    this.listeners = [];
  }
}
