/** How a command prints: a table for people, JSON (`--json`) for scripts. */
export interface Output {
  readonly json: boolean;
  line(text: string): void;
  error(text: string): void;
  data(value: unknown): void;
  table<T>(rows: readonly T[], columns: ReadonlyArray<readonly [header: string, cell: (row: T) => string]>): void;
}

/** Where an output writes: the process's streams, or a buffer (the kernel-less listing prints once it is sure). */
export interface OutputStreams {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
}

export function createOutput(json: boolean, mask: (text: string) => string, streams: OutputStreams = process): Output {
  const write = (stream: OutputStreams['stdout'], text: string): void => {
    stream.write(`${mask(text)}\n`);
  };
  return {
    json,
    line: (text) => write(streams.stdout, text),
    error: (text) => write(streams.stderr, text),
    data: (value) => write(streams.stdout, JSON.stringify(value, null, 2)),
    table(rows, columns) {
      if (json) {
        this.data(rows);
        return;
      }
      if (rows.length === 0) {
        write(streams.stdout, '(none)');
        return;
      }
      const cells = rows.map((row) => columns.map(([, cell]) => cell(row)));
      const widths = columns.map(([header], i) => Math.max(header.length, ...cells.map((r) => r[i]!.length)));
      const format = (values: readonly string[]): string => values.map((v, i) => v.padEnd(widths[i]!)).join('  ').trimEnd();
      write(streams.stdout, format(columns.map(([header]) => header)));
      for (const row of cells) write(streams.stdout, format(row));
    },
  };
}
