import { TimeLockerError, type ErrorKind } from '@timelocker/plugin-api';
import { ExitCode } from './exit-code.js';

export { ExitCode, TimeLockerError, type ErrorKind };

export interface ErrorOutcome {
  readonly exitCode: ExitCode;
  readonly httpStatus: number;
}

/**
 * The one table from an error's kind to what the CLI exits with and what the REST API answers. Both read it
 * (`exitCodeFor`, `toErrorResponse`), and the OpenAPI document lists each route's statuses from it.
 */
export const errorOutcomes: Readonly<Record<ErrorKind, ErrorOutcome>> = {
  'usage': { exitCode: ExitCode.usage, httpStatus: 400 },
  'config': { exitCode: ExitCode.usage, httpStatus: 400 },
  'not-found': { exitCode: ExitCode.usage, httpStatus: 404 },
  'conflict': { exitCode: ExitCode.failed, httpStatus: 409 },
  'precondition-failed': { exitCode: ExitCode.failed, httpStatus: 412 },
  'precondition-required': { exitCode: ExitCode.usage, httpStatus: 428 },
  'rejected': { exitCode: ExitCode.failed, httpStatus: 422 },
  'unauthorized': { exitCode: ExitCode.usage, httpStatus: 401 },
  'forbidden': { exitCode: ExitCode.failed, httpStatus: 403 },
  'wrong-host': { exitCode: ExitCode.usage, httpStatus: 421 },
  'too-many-requests': { exitCode: ExitCode.failed, httpStatus: 429 },
  'payload-too-large': { exitCode: ExitCode.usage, httpStatus: 413 },
  'unsupported-media-type': { exitCode: ExitCode.usage, httpStatus: 415 },
  'not-supported': { exitCode: ExitCode.failed, httpStatus: 501 },
  'unavailable': { exitCode: ExitCode.failed, httpStatus: 503 },
  'operation-failed': { exitCode: ExitCode.failed, httpStatus: 502 },
  'plugin-failed': { exitCode: ExitCode.failed, httpStatus: 502 },
  'incomplete': { exitCode: ExitCode.unreadableFiles, httpStatus: 502 },
  'interrupted': { exitCode: ExitCode.interrupted, httpStatus: 409 },
  'internal': { exitCode: ExitCode.failed, httpStatus: 500 },
};

export function isErrorKind(value: unknown): value is ErrorKind {
  return typeof value === 'string' && Object.hasOwn(errorOutcomes, value);
}

/** The kind of anything thrown: a TimeLockerError says it; anything else is a bug until proven otherwise. */
export function errorKindOf(error: unknown): ErrorKind {
  return error instanceof TimeLockerError && isErrorKind(error.kind) ? error.kind : 'internal';
}

/** One bad field of a request, named as the caller wrote it (`body.plan`, `--limit`). */
export interface FieldIssue {
  readonly field: string;
  readonly message: string;
}

/** A problem with what the user asked: exit code 2, HTTP 400, message only (no stack trace). */
export class UsageError extends TimeLockerError {
  constructor(message: string, readonly issues?: readonly FieldIssue[]) {
    super('usage', message);
    this.name = 'UsageError';
  }
}

/** A named repository, plan, snapshot, job … that does not exist: exit code 2, HTTP 404. */
export class NotFoundError extends TimeLockerError {
  constructor(message: string) {
    super('not-found', message);
    this.name = 'NotFoundError';
  }
}

/** The current state prevents what was asked (it exists already, it is not running): exit code 1, HTTP 409. */
export class ConflictError extends TimeLockerError {
  constructor(message: string) {
    super('conflict', message);
    this.name = 'ConflictError';
  }
}

/** An operation that could not be done as asked: exit code 1, HTTP 502, message only. */
export class OperationError extends TimeLockerError {
  constructor(message: string) {
    super('operation-failed', message);
    this.name = 'OperationError';
  }
}
