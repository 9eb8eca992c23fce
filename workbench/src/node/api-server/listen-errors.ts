import { UsageError } from '../core/errors.js';

/** Why the server could not listen on `host`:`port`, and what to choose instead; an error of another cause as it is. */
export function listenError(error: unknown, host: string, port: number): unknown {
  switch ((error as NodeJS.ErrnoException).code) {
    case 'EADDRINUSE':
      return new UsageError(`Port ${port} on ${host} is already in use, perhaps by a TimeLocker workbench that is already running. Choose another port with --port (0 picks a free one), or stop what uses it.`);
    case 'EACCES':
      return new UsageError(`This user may not listen on port ${port} on ${host} (ports below 1024 need privileges). Choose a port from 1024 up with --port (0 picks a free one).`);
    case 'EADDRNOTAVAIL':
      return new UsageError(`${host} is not an address of this machine, so the workbench cannot listen there. Choose one of its addresses with --host (127.0.0.1: this machine only).`);
    default:
      return error;
  }
}
