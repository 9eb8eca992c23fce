import { Disposable } from './disposable.js';
import { Event, EventEmitter } from './event.js';

export interface CancellationToken {
  readonly isCancellationRequested: boolean;
  readonly onCancellationRequested: Event<void>;
}

const fireNow: Event<void> = (listener, thisArgs) => {
  const handle = setTimeout(() => listener.call(thisArgs, undefined), 0);
  return new Disposable(() => clearTimeout(handle));
};

export namespace CancellationToken {
  export const None: CancellationToken = Object.freeze({
    isCancellationRequested: false,
    onCancellationRequested: Event.None,
  });
  export const Cancelled: CancellationToken = Object.freeze({
    isCancellationRequested: true,
    onCancellationRequested: fireNow,
  });
}

class MutableToken implements CancellationToken {
  private cancelled = false;
  private emitter: EventEmitter<void> | undefined;

  get isCancellationRequested(): boolean {
    return this.cancelled;
  }

  get onCancellationRequested(): Event<void> {
    if (this.cancelled) return fireNow;
    this.emitter ??= new EventEmitter<void>();
    return this.emitter.event;
  }

  cancel(): void {
    if (this.cancelled) return;
    this.cancelled = true;
    this.emitter?.fire(undefined);
    this.emitter?.dispose();
  }

  dispose(): void {
    this.emitter?.dispose();
  }
}

export class CancellationTokenSource {
  private tokenImpl: MutableToken | undefined;
  /** A child source listens to its parent until it is disposed; a long-lived parent must not collect dead children. */
  private parentListener: Disposable | undefined;

  constructor(parent?: CancellationToken) {
    this.parentListener = parent?.onCancellationRequested(() => this.cancel());
  }

  get token(): CancellationToken {
    this.tokenImpl ??= new MutableToken();
    return this.tokenImpl;
  }

  cancel(): void {
    this.tokenImpl ??= new MutableToken();
    this.tokenImpl.cancel();
  }

  dispose(): void {
    this.parentListener?.dispose();
    this.parentListener = undefined;
    this.tokenImpl?.dispose();
  }
}
