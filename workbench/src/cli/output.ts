/** How a command prints: a table for people, JSON (`--json`) for scripts. */
export interface Output {
  readonly json: boolean;
  line(text: string): void;
  error(text: string): void;
  data(value: unknown): void;
  table<T>(rows: readonly T[], columns: ReadonlyArray<readonly [header: string, cell: (row: T) => string]>): void;
}

export function createOutput(json: boolean, mask: (text: string) => string): Output {
  const write = (stream: NodeJS.WriteStream, text: string): void => {
    stream.write(`${mask(text)}\n`);
  };
  return {
    json,
    line: (text) => write(process.stdout, text),
    error: (text) => write(process.stderr, text),
    data: (value) => write(process.stdout, JSON.stringify(value, null, 2)),
    table(rows, columns) {
      if (json) {
        this.data(rows);
        return;
      }
      if (rows.length === 0) {
        write(process.stdout, '(none)');
        return;
      }
      const cells = rows.map((row) => columns.map(([, cell]) => cell(row)));
      const widths = columns.map(([header], i) => Math.max(header.length, ...cells.map((r) => r[i]!.length)));
      const format = (values: readonly string[]): string => values.map((v, i) => v.padEnd(widths[i]!)).join('  ').trimEnd();
      write(process.stdout, format(columns.map(([header]) => header)));
      for (const row of cells) write(process.stdout, format(row));
    },
  };
}
