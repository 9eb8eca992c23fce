import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { JsonValue, ReportDataDto } from '@timelocker/plugin-api';
import { expect } from 'chai';
import { parse as parseCsv } from 'csv-parse/sync';
import { parse as parseHtml } from 'node-html-parser';
import { renderCsv, spreadsheetSafe } from './csv-format.js';
import { renderHtml } from './html-format.js';
import { renderJson } from './json-format.js';
import { renderPdf } from './pdf-format.js';
import { reportsView } from './reports-view.js';

const run = promisify(execFile);
const digest = `sha256:${'ab12'.repeat(16)}`;
const head = `${'9f'.repeat(32)}`;

/** Values that break naive writers: separators, quotes, line breaks, a leading `#`, non-ASCII, empty and null. */
const tricky = ['plain', 'comma, inside', 'quote "inside"', 'line\nbreak', '#not a comment', 'Grüße ✓', '', ' padded '];

function sampleReport(rows: number): ReportDataDto {
  return {
    type: 'backup-jobs',
    title: 'Backup jobs',
    generatedAt: '2026-11-25T10:00:00.000Z',
    generator: 'TimeLocker 0.1.0',
    columns: [{ key: 'id', label: 'Job' }, { key: 'note', label: 'Note' }, { key: 'durationSeconds', label: 'Duration (s)' }, { key: 'snapshotId', label: 'Snapshot' }],
    rows: Array.from({ length: rows }, (_, i): Record<string, JsonValue> => ({
      id: `job-${String(i).padStart(5, '0')}`, note: tricky[i % tricky.length]!, durationSeconds: i % 7 === 0 ? null : i / 10, snapshotId: i % 2 ? 'abcdef12' : null,
    })),
    meta: {
      period: { from: '2026-11-01T00:00:00.000Z', to: null },
      repository: null,
      summary: [{ label: 'Jobs', value: String(rows) }],
      charts: [
        { title: 'Backup duration (average per day, seconds)', kind: 'bar', unit: 'seconds', series: [{ name: 'duration', points: [{ x: '2026-11-01', y: 3 }, { x: '2026-11-02', y: 5.5 }] }] },
        { title: 'Repository size over time', kind: 'line', unit: 'bytes', series: [{ name: 'main', points: [{ x: 'a', y: 1000 }, { x: 'b', y: 4096 }] }] },
      ],
      tamperEvidence: { dataDigest: digest, digestMethod: 'SHA-256 over …', rowCount: rows, auditChain: { available: true, intact: true, entries: 12, headHash: head } },
    },
  };
}

describe('reports plugin formats', function () {
  this.timeout(30000);
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'timelocker-reports-'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('CSV: csv-parse reads back every value exactly (RFC 4180 quoting, CRLF), with the evidence in the preamble', () => {
    const report = sampleReport(40);
    const csv = renderCsv(report);
    expect(csv).to.include(`# data-digest: ${digest}\r\n`);
    expect(csv).to.include(`# audit-head-hash: ${head}\r\n`);
    const records = parseCsv(csv, { comment: '#', relax_column_count: false }) as string[][];
    expect(records[0]).to.deep.equal(['id', 'note', 'durationSeconds', 'snapshotId']);
    expect(records).to.have.length(41);
    report.rows.forEach((row, i) => {
      expect(records[i + 1]).to.deep.equal([row['id'], row['note'], row['durationSeconds'] === null ? '' : String(row['durationSeconds']), row['snapshotId'] ?? '']);
    });
    expect(csv).to.include('"quote ""inside"""');
    expect(csv).to.include('"#not a comment"');
  });

  it('CSV: a cell a spreadsheet would run as a formula gets a leading \' (numbers stay numbers)', () => {
    const report = { ...sampleReport(1), rows: [{ id: '=HYPERLINK("http://evil")', note: '@cmd', durationSeconds: -1.5, snapshotId: "'=x" }] };
    const [, record] = parseCsv(renderCsv(report), { comment: '#' }) as string[][];
    expect(record).to.deep.equal(["'=HYPERLINK(\"http://evil\")", "'@cmd", '-1.5', "''=x"]);
    expect(['plain', '-5', '+3.25', '1e-7', 'a=b'].map(spreadsheetSafe)).to.deep.equal(['plain', '-5', '+3.25', '1e-7', 'a=b']);
    expect(['-x', '+x', '\tx', "'+x"].map(spreadsheetSafe)).to.deep.equal(["'-x", "'+x", "'\tx", "''+x"]);
  });

  it('JSON: JSON.parse gives back the report data unchanged', () => {
    const report = sampleReport(10);
    expect(JSON.parse(renderJson(report))).to.deep.equal(report);
  });

  it('HTML: self-contained (inline CSS, no scripts or external resources), all rows, evidence and charts', () => {
    const report = sampleReport(25);
    const html = renderHtml(report);
    const root = parseHtml(html);
    expect(root.querySelector('title')?.text).to.include('Backup jobs');
    expect(root.querySelectorAll('table.data tbody tr')).to.have.length(25);
    expect(root.querySelectorAll('table.data thead th').map((th) => th.text)).to.deep.equal(['Job', 'Note', 'Duration (s)', 'Snapshot']);
    expect(root.querySelector('dd[data-key="data-digest"]')?.text).to.equal(digest);
    expect(root.querySelector('style')?.text).to.include('@media print');
    expect(root.querySelectorAll('script, link, img, iframe, object')).to.have.length(0);
    for (const el of root.querySelectorAll('*')) {
      expect(el.getAttribute('src'), el.tagName).to.equal(undefined);
      expect(el.getAttribute('href'), el.tagName).to.equal(undefined);
    }
    expect(root.querySelectorAll('svg')).to.have.length(2);
    expect(root.querySelectorAll('svg rect').length).to.be.greaterThan(2);
    expect(root.querySelectorAll('table.data tbody tr')[3]!.querySelectorAll('td')[1]!.text).to.equal('line\nbreak');
    expect(html).not.to.include('<script');
  });

  it('PDF: pdfinfo counts several pages for many rows; pdftotext finds title, digest, head hash and the last row', async () => {
    const report = sampleReport(400);
    const file = join(dir, 'jobs.pdf');
    await writeFile(file, await renderPdf(report));
    const info = (await run('pdfinfo', [file])).stdout;
    const pages = Number(/Pages:\s+(\d+)/.exec(info)?.[1]);
    expect(pages).to.be.greaterThan(5);
    expect(info).to.match(/Title:\s+Backup jobs/);
    const text = (await run('pdftotext', ['-layout', file, '-'])).stdout;
    expect(text).to.include('Backup jobs');
    expect(text).to.include(digest);
    expect(text).to.include(head);
    expect(text).to.include('Tamper evidence');
    expect(text).to.include('job-00399');
    expect(text).to.include('Backup duration (average per day, seconds)');
    expect(text).to.include('Job');
    // The header repeats on every table page.
    expect(text.split('\f').filter((page) => /Job\s+Note/.test(page)).length).to.equal(pages - 2);
  });

  it('the Reports view lists the report types and, under each, the formats', async () => {
    const { None } = (await import('@timelocker/plugin-api')).CancellationToken;
    const roots = await reportsView.getChildren(undefined, None);
    expect(roots.map((r) => r.type)).to.deep.equal(['backup-jobs', 'snapshot-inventory', 'audit-trail', 'storage-utilization']);
    const item = await reportsView.getTreeItem(roots[0]!);
    expect(item).to.include({ label: 'Backup jobs', collapsible: true });
    const formats = await reportsView.getChildren(roots[0], None);
    expect(formats.map((f) => f.format)).to.deep.equal(['pdf', 'html', 'csv', 'json']);
    expect((await reportsView.getTreeItem(formats[0]!)).tooltip).to.equal('timelocker report backup-jobs --format pdf --out FILE');
  });
});
