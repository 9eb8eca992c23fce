import { TimeLockerError } from '../errors.js';

/** Thrown when work (a plugin's activate or deactivate, a provider call) does not finish within its time limit. */
export class TimeLimitError extends TimeLockerError {
  constructor(message: string) {
    super('unavailable', message);
    this.name = 'TimeLimitError';
  }
}

/** `work`, or a TimeLimitError with `message` once `ms` have passed; the timer never keeps the process alive. */
export function withTimeLimit<T>(work: PromiseLike<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimeLimitError(message)), ms);
    timer.unref();
  });
  return Promise.race([work, limit]).finally(() => clearTimeout(timer));
}
