import { errorKindOf, errorOutcomes, ExitCode, TimeLockerError, type ErrorKind } from '../node/core/errors.js';

export { ExitCode };

/** Thrown by a command that already printed its outcome and only needs the process to exit as `kind` says. */
export class CommandExit extends TimeLockerError {
  constructor(kind: ErrorKind) {
    super(kind, `exit ${errorOutcomes[kind].exitCode}`);
    this.name = 'CommandExit';
  }
}

export function exitCodeFor(error: unknown): ExitCode {
  return errorOutcomes[errorKindOf(error)].exitCode;
}

/** Errors users cause or can fix print as one message; anything else is a bug worth its stack trace. */
export function isExpectedError(error: unknown): boolean {
  return errorKindOf(error) !== 'internal';
}
