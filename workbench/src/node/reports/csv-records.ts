/** What `report verify` needs from a CSV report: its `# key: value` preamble and its records (RFC 4180). */
export interface CsvReport {
  readonly preamble: ReadonlyMap<string, string>;
  readonly records: string[][];
}

/** RFC 4180: quoted fields may hold commas, quotes (doubled) and line breaks; lines starting with `#` before the header are the preamble. */
export function parseCsvReport(text: string): CsvReport {
  const preamble = new Map<string, string>();
  const records: string[][] = [];
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  while (records.length === 0 && text[i] === '#') {
    const end = text.indexOf('\n', i);
    const line = text.slice(i + 1, end === -1 ? text.length : end).replace(/\r$/, '').trim();
    const colon = line.indexOf(':');
    if (colon > 0) preamble.set(line.slice(0, colon).trim(), line.slice(colon + 1).trim());
    i = end === -1 ? text.length : end + 1;
  }
  let record: string[] = [];
  let field = '';
  let quoted = false;
  let fieldStarted = false;
  const endField = (): void => {
    record.push(field);
    field = '';
    fieldStarted = false;
  };
  for (; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && !fieldStarted) {
      quoted = true;
      fieldStarted = true;
    } else if (c === ',') endField();
    else if (c === '\n' || (c === '\r' && text[i + 1] === '\n')) {
      if (c === '\r') i++;
      endField();
      records.push(record);
      record = [];
    } else {
      field += c;
      fieldStarted = true;
    }
  }
  if (quoted) throw new Error('The CSV ends inside a quoted field.');
  if (fieldStarted || record.length > 0) {
    endField();
    records.push(record);
  }
  return { preamble, records };
}
