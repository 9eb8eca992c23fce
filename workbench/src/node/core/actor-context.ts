import { AsyncLocalStorage } from 'node:async_hooks';

const actors = new AsyncLocalStorage<string>();

/**
 * Runs `fn` on behalf of `actor` (e.g. `api:<token name>` for one API request): whatever it records — audit entries,
 * config changes — names that actor instead of the process's own.
 */
export function actingAs<T>(actor: string, fn: () => T): T {
  return actors.run(actor, fn);
}

/** The actor of the work in progress, or the process's own (`KernelOptions.actor`). */
export function currentActor(fallback: string): string {
  return actors.getStore() ?? fallback;
}
