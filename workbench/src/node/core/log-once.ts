import { AsyncLocalStorage } from 'node:async_hooks';

/** A logging function that says each distinct line once (until `reset`): for warnings every step of a job repeats. */
export interface LogOnce {
  (line: string): void;
  reset(): void;
}

/** Per command run by a long-lived process: what each LogOnce said within it. */
const commands = new AsyncLocalStorage<Map<LogOnce, Set<string>>>();

export function logOnce(log: (line: string) => void): LogOnce {
  const said = new Set<string>();
  const once = Object.assign((line: string): void => {
    const command = commands.getStore();
    let seen = said;
    if (command) {
      seen = command.get(once) ?? new Set<string>();
      command.set(once, seen);
    }
    if (seen.has(line)) return;
    seen.add(line);
    said.add(line);
    log(line);
  }, { reset: () => said.clear() });
  return once;
}

/**
 * Runs `fn` as one command of its own: every LogOnce says its lines once within it, even lines it said before — a
 * workbench running a CLI's job warns that CLI as the CLI's own process would.
 */
export function asOneCommand<T>(fn: () => T): T {
  return commands.run(new Map(), fn);
}
