import { InvalidArgumentError } from 'commander';

/** commander helper for repeatable options (`--path A --path B`). */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** commander parser for counts (`--latest 3`): a usage error for anything but a positive integer. */
export function positiveInteger(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`expected a positive integer, got "${value}"`);
  return n;
}
