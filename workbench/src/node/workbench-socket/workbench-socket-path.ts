import { join } from 'node:path';

/** In the data dir: a workbench serves the CLI of the same data dir, and the socket is as private as the catalog. */
export function workbenchSocketPath(dataDir: string): string {
  return join(dataDir, 'workbench.sock');
}
