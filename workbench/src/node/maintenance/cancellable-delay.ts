import { CancellationError, type CancellationToken } from '@timelocker/plugin-api';

/** Waits `ms`, or rejects with CancellationError as soon as `token` is cancelled. */
export function cancellableDelay(ms: number, token: CancellationToken): Promise<void> {
  if (token.isCancellationRequested) return Promise.reject(new CancellationError());
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      listener.dispose();
      resolve();
    }, ms);
    const listener = token.onCancellationRequested(() => {
      clearTimeout(timer);
      reject(new CancellationError());
    });
  });
}
