import { TimeLockerError } from '../core/errors.js';

/** Why the catalog cannot be used: each kind says what happened and how to get out of it. */
export type CatalogProblem = 'empty' | 'damaged' | 'unreadable' | 'missing' | 'newer';

/**
 * The catalog exists (or existed) but cannot be used. TimeLocker never re-creates it silently: the command stops with
 * this error, which names the file and the way out (`catalog check`, `catalog restore`).
 */
export class CatalogError extends TimeLockerError {
  constructor(readonly problem: CatalogProblem, message: string, options?: ErrorOptions) {
    super('unavailable', message, options);
    this.name = 'CatalogError';
  }
}

/** sql.js reports damage found while running a statement with one of these. */
export function isDamageError(error: unknown): boolean {
  return error instanceof Error && /database disk image is malformed|file is not a database|database or disk is full|malformed database schema/i.test(error.message);
}

export function wayOut(copies: number): string {
  return copies > 0
    ? `Run \`timelocker catalog check\` for a diagnosis, then \`timelocker catalog restore\` to put back the newest good copy (${copies} kept).`
    : 'Run `timelocker catalog check` for a diagnosis; there is no copy to restore yet, so `timelocker catalog restore --empty` starts an empty catalog (job and audit history in the data dir are kept).';
}
