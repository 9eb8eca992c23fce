import { Disposable } from './disposable.js';
import { Event, EventEmitter } from './event.js';

/** Passed last to every long call: the caller may cancel it (Ctrl-C, a closed request, a time limit). */
export interface CancellationToken {
  /** True once the caller cancelled; check it between steps of long work. */
  readonly isCancellationRequested: boolean;
  /** Fired once when the caller cancels (at once for an already cancelled token). */
  readonly onCancellationRequested: Event<void>;
}

const fireNow: Event<void> = (listener, thisArgs) => {
  const handle = setTimeout(() => listener.call(thisArgs, undefined), 0);
  return new Disposable(() => clearTimeout(handle));
};

/** Tokens that never change. */
export namespace CancellationToken {
  /** Never cancelled. */
  export const None: CancellationToken = Object.freeze({
    isCancellationRequested: false,
    onCancellationRequested: Event.None,
  });
  /** Already cancelled. */
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

/** Makes a token and cancels it; a `parent` token's cancellation cancels it too. */
export class CancellationTokenSource {
  private tokenImpl: MutableToken | undefined;
  /** A child source listens to its parent until it is disposed; a long-lived parent must not collect dead children. */
  private parentListener: Disposable | undefined;

  constructor(parent?: CancellationToken) {
    this.parentListener = parent?.onCancellationRequested(() => this.cancel());
  }

  /** The token to hand to the work. */
  get token(): CancellationToken {
    this.tokenImpl ??= new MutableToken();
    return this.tokenImpl;
  }

  /** Cancels the token (once; later calls do nothing). */
  cancel(): void {
    this.tokenImpl ??= new MutableToken();
    this.tokenImpl.cancel();
  }

  /** Releases the listeners; the token keeps its state. */
  dispose(): void {
    this.parentListener?.dispose();
    this.parentListener = undefined;
    this.tokenImpl?.dispose();
  }
}
