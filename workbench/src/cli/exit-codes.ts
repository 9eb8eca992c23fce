import { CancellationError } from '@timelocker/plugin-api';
import { ConfigError } from '../node/config/config-model.js';
import { OperationError, UsageError } from '../node/core/errors.js';
import { CredentialsError } from '../node/credentials/credentials-service.js';
import { ResticError } from '../node/restic/restic-errors.js';

export const ExitCode = { ok: 0, failed: 1, usage: 2, unreadableFiles: 3, interrupted: 130 } as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** Thrown by a command that already printed its outcome and only needs the process to exit with `code`. */
export class CommandExit extends Error {
  constructor(readonly code: ExitCode) {
    super(`exit ${code}`);
  }
}

export function exitCodeFor(error: unknown): ExitCode {
  if (error instanceof CommandExit) return error.code;
  if (error instanceof UsageError || error instanceof ConfigError) return ExitCode.usage;
  if (error instanceof CancellationError) return ExitCode.interrupted;
  if (error instanceof ResticError) {
    if (error.kind === 'cancelled') return ExitCode.interrupted;
    if (error.kind === 'unreadable-files') return ExitCode.unreadableFiles;
  }
  if (error instanceof OperationError || error instanceof CredentialsError || error instanceof ResticError) return ExitCode.failed;
  return ExitCode.failed;
}

/** Errors users cause or can fix print as one message; anything else is a bug worth its stack trace. */
export function isExpectedError(error: unknown): boolean {
  return error instanceof UsageError || error instanceof ConfigError || error instanceof OperationError
    || error instanceof CredentialsError || error instanceof ResticError || error instanceof CancellationError
    || (error instanceof Error && /Error$/.test(error.name) && error.name !== 'Error' && error.name !== 'TypeError' && error.name !== 'ReferenceError');
}
