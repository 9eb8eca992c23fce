/**
 * What went wrong, in terms a caller can act on. TimeLocker maps each kind to one CLI exit code and one HTTP
 * status (the table lives in the kernel); a plugin may throw a `TimeLockerError` of kind `usage`, `not-found`,
 * `conflict` or `unavailable` to have the caller told so, and any other failure of plugin code is reported as
 * the plugin's failure, with the plugin's message.
 */
export type ErrorKind =
  /** The request or its arguments are wrong. */
  | 'usage'
  /** The configuration (the file or a text given for it) is invalid. */
  | 'config'
  /** A named thing (repository, plan, snapshot, job, view element …) does not exist. */
  | 'not-found'
  /** The current state prevents it: exists already, locked, not running. */
  | 'conflict'
  /** It changed since the caller read it. */
  | 'precondition-failed'
  /** A change needs proof of what the caller read (e.g. an `If-Match` header). */
  | 'precondition-required'
  /** Well-formed, but cannot be accepted: an incompatible plugin, a schedule the scheduler cannot express. */
  | 'rejected'
  | 'unauthorized'
  /** Not allowed: the role is too low, a policy blocks it, the target is not allowed. */
  | 'forbidden'
  /** The request named a host that is not this server. */
  | 'wrong-host'
  | 'too-many-requests'
  | 'payload-too-large'
  | 'unsupported-media-type'
  /** This implementation does not offer it (e.g. a backend without a connection test). */
  | 'not-supported'
  /** Something it needs is not reachable now: the keyring, a plugin, restic, the network. */
  | 'unavailable'
  /** An outside operation (restic, a mail server …) failed. */
  | 'operation-failed'
  /** A plugin's code failed. */
  | 'plugin-failed'
  /** Done, but not all of it: e.g. a backup that skipped unreadable files. */
  | 'incomplete'
  /** Cancelled, by the user or by a shutdown. */
  | 'interrupted'
  /** A bug. */
  | 'internal';

/** The one base class of TimeLocker's errors; `kind` decides the exit code and HTTP status, the message is for people. */
export class TimeLockerError extends Error {
  /**
   * @param kind What went wrong, in terms a caller can act on; it decides the exit code and the HTTP status.
   * @param message For people: what happened and what to do.
   * @param options `cause`, as for `Error`.
   */
  constructor(readonly kind: ErrorKind, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'TimeLockerError';
  }
}

/** Thrown (or rejected) when an operation stops because its CancellationToken fired. */
export class CancellationError extends TimeLockerError {
  constructor(message = 'Cancelled') {
    super('interrupted', message);
    this.name = 'CancellationError';
  }
}

/** A registration or call the API refuses, e.g. an id the plugin's manifest does not declare: a bug in the plugin. */
export class PluginApiError extends TimeLockerError {
  constructor(message: string) {
    super('internal', message);
    this.name = 'PluginApiError';
  }
}
