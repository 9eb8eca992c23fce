import { expect } from 'chai';
import { UsageError } from '../core/errors.js';
import { parseCsvReport } from './csv-records.js';
import { canonicalJson, dataDigest, rowTexts } from './report-digest.js';
import { verifyReportContent } from './report-verifier.js';

const columns = [{ key: 'id', label: 'Job' }, { key: 'note', label: 'Note' }, { key: 'n', label: 'N' }];
const rows = [{ id: 'a', note: 'x, "y"\nz', n: 1.5 }, { id: 'b', note: null, n: 2 }];
const keys = columns.map((c) => c.key);
const digest = dataDigest(keys, rowTexts(keys, rows));

const jsonReport = (): string => JSON.stringify({
  type: 'backup-jobs', title: 'Backup jobs', generatedAt: '2026-11-25T10:00:00.000Z', generator: 'TimeLocker test', columns, rows,
  meta: { tamperEvidence: { dataDigest: digest, rowCount: rows.length } },
}, null, 2);

const csvReport = (records = 'id,note,n\r\na,"x, ""y""\nz",1.5\r\nb,,2\r\n'): string =>
  `# TimeLocker report: Backup jobs\r\n# type: backup-jobs\r\n# rows: 2\r\n# data-digest: ${digest}\r\n${records}`;

describe('report digest and verification', () => {
  it('canonical JSON sorts keys at every level, so the digest does not depend on key order', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { f: 2, e: 3 }], c: null } })).to.equal('{"a":{"c":null,"d":[1,{"e":3,"f":2}]},"b":1}');
    expect(dataDigest(['a'], [['1']])).to.match(/^sha256:[0-9a-f]{64}$/);
    expect(dataDigest(['a'], [['1']])).not.to.equal(dataDigest(['a'], [['1 ']]));
  });

  it('parses RFC 4180 CSV: quoted commas, doubled quotes, line breaks in fields, CRLF, the # preamble', () => {
    const parsed = parseCsvReport(csvReport());
    expect(parsed.preamble.get('data-digest')).to.equal(digest);
    expect(parsed.records).to.deep.equal([['id', 'note', 'n'], ['a', 'x, "y"\nz', '1.5'], ['b', '', '2']]);
    expect(parseCsvReport('"#a",b\n"#c",d').records).to.deep.equal([['#a', 'b'], ['#c', 'd']]);
    expect(() => parseCsvReport('# data-digest: x\nid,note\na,"open\n')).to.throw(UsageError, /not a readable CSV report/);
  });

  it('accepts an untouched JSON or CSV report, with the same digest for both', () => {
    const json = verifyReportContent(jsonReport());
    const csv = verifyReportContent(csvReport());
    expect(json).to.include({ ok: true, format: 'json', rows: 2, computedDigest: digest });
    expect(csv).to.include({ ok: true, format: 'csv', rows: 2, computedDigest: digest, type: 'backup-jobs' });
  });

  it('reads a cell the CSV format made safe for spreadsheets (a leading \') as the report\'s value', () => {
    const formulas = [{ id: '=HYPERLINK("http://x")', note: "'=already quoted", n: -2 }, { id: '@SUM(A1)', note: "'plain", n: 3 }];
    const formulaDigest = dataDigest(keys, rowTexts(keys, formulas));
    const safe = `# TimeLocker report: Backup jobs\r\n# type: backup-jobs\r\n# rows: 2\r\n# data-digest: ${formulaDigest}\r\n`
      + `id,note,n\r\n"'=HYPERLINK(""http://x"")",''=already quoted,-2\r\n'@SUM(A1),'plain,3\r\n`;
    expect(verifyReportContent(safe)).to.include({ ok: true, computedDigest: formulaDigest });
  });

  it('says a PDF or HTML report is not what it reads, without quoting the file', () => {
    for (const [content, kind] of [['%PDF-1.7\n%\u00e2\u00e3\n1 0 obj', 'a PDF'], ['<!DOCTYPE html><html>', 'an HTML page']] as const) {
      expect(() => verifyReportContent(content)).to.throw(UsageError, new RegExp(`^This is ${kind}: \`report verify\` reads the JSON and CSV formats only`));
    }
  });

  it('names what differs: an edited cell, a removed row, a ragged record, an extra JSON field', () => {
    const edited = verifyReportContent(csvReport('id,note,n\r\na,"x, ""y""\nz",1.6\r\nb,,2\r\n'));
    expect(edited.ok).to.equal(false);
    expect(edited.problems[0]).to.match(/data rows differ/);
    const removed = verifyReportContent(csvReport('id,note,n\r\nb,,2\r\n'));
    expect(removed.problems[0]).to.equal('rows were added or removed: the report recorded 2 row(s), the file has 1');
    const ragged = verifyReportContent(csvReport('id,note,n\r\na,"x, ""y""\nz",1.5\r\nb,,2,extra\r\n'));
    expect(ragged.problems.join(' ')).to.match(/record 2 has 4 field\(s\), the header 3/);
    const json = JSON.parse(jsonReport()) as { rows: Array<Record<string, unknown>> };
    json.rows[1]!['n'] = 3;
    expect(verifyReportContent(JSON.stringify(json)).problems[0]).to.match(/data rows differ/);
    json.rows[1]!['n'] = 2;
    json.rows[1]!['secret'] = 'added';
    expect(verifyReportContent(JSON.stringify(json)).problems).to.deep.equal(['row 2 has fields that are not report columns']);
  });

  it('refuses a JSON file nested absurdly deep as a usage error, not an internal one', () => {
    const deep = jsonReport().replace('"rows": [', `"rows": [${'['.repeat(100_000)}${']'.repeat(100_000)},`);
    expect(() => verifyReportContent(deep)).to.throw(UsageError, /deeper than 64 levels.*: it is not a TimeLocker report/);
  });
});
