/** A logging function that says each distinct line once (until `reset`): for warnings every step of a job repeats. */
export interface LogOnce {
  (line: string): void;
  reset(): void;
}

export function logOnce(log: (line: string) => void): LogOnce {
  const said = new Set<string>();
  const once = (line: string): void => {
    if (said.has(line)) return;
    said.add(line);
    log(line);
  };
  return Object.assign(once, { reset: () => said.clear() });
}
