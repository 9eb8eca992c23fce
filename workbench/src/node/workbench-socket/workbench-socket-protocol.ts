import type { JobDto } from '@timelocker/plugin-api';
import { NotificationType, NotificationType0, RequestType } from 'vscode-jsonrpc';
import { errorKindOf, type ErrorKind, isErrorKind, TimeLockerError } from '../core/errors.js';
import type { JobProgress } from '../jobs/job-service.js';
import type { JobRequest } from '../job-requests/job-request-service.js';
import type { ConsentRecord } from '../privacy/consent-store.js';

/**
 * The CLI hands a job to a running workbench (`serve`, `scheduler run`) over this socket, one job request per connection
 * (a copy: one job per destination): `$prepare` (may the workbench run it as the CLI would?), `$run` (start it, answer
 * with the job; a copy's first destination's), the jobs' `$progress` / `$log` / `$warning` on the way and `$ended`
 * with the result; `$cancel` is the CLI's Ctrl-C. `$privacyNotice`, on a connection of its own, answers the state of the
 * privacy notice in the catalog of this data dir before a command that will hand its job over runs.
 */
export const WORKBENCH_SOCKET_PROTOCOL = 1;

export { workbenchSocketPath } from './workbench-socket-path.js';

export interface PrepareParams {
  readonly protocol: number;
  readonly request: JobRequest;
  /** The CLI's config file and plugin folders: a workbench with others would not run the job the CLI means. */
  readonly configFile: string;
  readonly extraPluginDirs: readonly string[];
}

/** Declined: the CLI runs the job itself, saying why. */
export interface Declined {
  readonly accepted: false;
  readonly pid: number;
  readonly reason: string;
}

/** The request cannot run anywhere (an unknown plan): the CLI reports it as it would without a workbench. */
export interface Failed {
  readonly accepted: true;
  readonly error: WireCause;
}

export type PrepareResult = Declined | Failed | {
  readonly accepted: true;
  readonly pid: number;
  /** Environment variables the job's secrets come from: the CLI proves it sees the same values without sending them. */
  readonly envNames: readonly string[];
  readonly nonce: string;
};

export interface RunParams {
  readonly request: JobRequest;
  /** `cli:<user>`: who the job and its audit entries are recorded for. */
  readonly actor: string;
  /** HMAC-SHA256 under `nonce` of each of `envNames` as the CLI sees it (null: unset). */
  readonly envDigests: Readonly<Record<string, string | null>>;
}

/** The job as recorded (or the live one it joined), or the error that kept it from starting (an unknown plan …). */
export type RunResult = Declined | Failed | { readonly accepted: true; readonly job: JobDto; readonly joined: boolean };

export const prepareRequest = new RequestType<PrepareParams, PrepareResult, void>('$prepare');
export const runRequest = new RequestType<RunParams, RunResult, void>('$run');
/** The job's result once it ended (`encodeCauses`): the last message of a connection. */
export const endedNotification = new NotificationType<{ readonly result: unknown }>('$ended');
export const progressNotification = new NotificationType<JobProgress>('$progress');
export const logNotification = new NotificationType<{ readonly line: string }>('$log');
/** A warning the workbench's kernel logged while working on the job: the CLI prints it as its own kernel would. */
export const warningNotification = new NotificationType<{ readonly message: string }>('$warning');
export const cancelNotification = new NotificationType0('$cancel');
/** The latest record of the privacy notice at `version` in the workbench's catalog, or null when there is none. */
export const privacyNoticeRequest = new RequestType<{ readonly subject: string; readonly version: string }, ConsentRecord | null, void>('$privacyNotice');

/** An error that failed a job, as it crosses the socket: what decides the exit code, and its (masked) message. */
export interface WireCause {
  readonly kind: ErrorKind;
  readonly message: string;
}

export function encodeError(error: unknown): WireCause {
  return { kind: errorKindOf(error), message: error instanceof Error ? error.message : String(error) };
}

/** The error again, as a TimeLockerError of its kind: the CLI exits and prints as it would in-process. */
export function decodeError(wire: unknown): TimeLockerError {
  const cause = wire as Partial<WireCause> | null;
  return new TimeLockerError(isErrorKind(cause?.kind) ? cause.kind : 'internal', typeof cause?.message === 'string' ? cause.message : 'no details');
}

function mapCauses(value: unknown, map: (cause: unknown) => unknown): unknown {
  if (Array.isArray(value)) return value.map((item) => mapCauses(item, map));
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, key === 'cause' ? map(item) : mapCauses(item, map)]));
}

/** A job request's result made plain JSON: every `cause` (an Error) becomes its kind and message. */
export function encodeCauses(result: unknown): unknown {
  return mapCauses(result, encodeError);
}

/** The inverse of `encodeCauses`: each cause is a TimeLockerError of its kind again, so it exits as it would in-process. */
export function decodeCauses(result: unknown): unknown {
  return mapCauses(result, decodeError);
}
