/** Turns keytar / libsecret failures into a message that says what is wrong and what to do instead. */
import { CredentialsError } from './credentials-service.js';

export const KEYRING_ALTERNATIVES = 'Store the password another way: set "password": { "env": "VAR" }, { "file": "/abs/path" } or { "command": "…" } for this repository, or set TIMELOCKER_PASSWORD for a one-off command.';

const noBus = /Cannot autolaunch D-Bus|DBUS_SESSION_BUS_ADDRESS|Failed to connect to socket|Could not connect|NoServer|Error spawning command line .*dbus-launch/i;
const noService = /org\.freedesktop\.secrets.*(not provided|ServiceUnknown)|ServiceUnknown.*secrets|was not provided by any \.service files/i;
const locked = /locked collection|unlock|Cannot prompt|initialize prompt|prompt.*dismissed|collection\/login|Object does not exist at path/i;

const noSession = 'No Secret Service is available (no D-Bus session).';

/** Why the keytar module cannot be used, without the alternatives (status displays offer those themselves). */
export function moduleCause(error: unknown): string {
  return `The keyring is unavailable: the keytar module is not installed or failed to load (${firstLine(error)}).`;
}

/** Why the Secret Service refused, without the alternatives. */
export function keyringCause(error: unknown, env: NodeJS.ProcessEnv = process.env): string {
  const text = firstLine(error);
  if (noBus.test(text)) return noSession;
  if (noService.test(text)) return 'No Secret Service is running on this D-Bus session (start gnome-keyring or another Secret Service provider).';
  if (locked.test(text)) {
    return `The keyring is locked or has no default collection (${text}). Unlock it (log in to the desktop session, or run \`gnome-keyring-daemon --unlock\`).`;
  }
  // libdbus may still find $XDG_RUNTIME_DIR/bus, so an unset address alone does not prove the cause.
  if (!env.DBUS_SESSION_BUS_ADDRESS) return noSession;
  return `The keyring failed (${text}).`;
}

/**
 * The error of a keyring that cannot be used: the message offers a repository's other password sources; callers for
 * whom those do not fit (plugin secrets) word their own message around `keyringCause`.
 */
export function keyringUnavailable(cause: string): CredentialsError {
  return new CredentialsError(`${cause} ${KEYRING_ALTERNATIVES}`, cause);
}

function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n')[0].trim();
}
