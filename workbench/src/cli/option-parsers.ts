/** commander helper for repeatable options (`--path A --path B`). */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}
