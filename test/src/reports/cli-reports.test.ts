import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'chai';
import { parse as parseCsv } from 'csv-parse/sync';
import { parse as parseHtml } from 'node-html-parser';
import { json } from '../support/cli.js';
import { makeSourceTree } from '../support/source-tree.js';
import { TestWorkspace } from '../support/workspace.js';

const run = promisify(execFile);
const env = { REPO_PW: 'reports-e2e-password', TIMELOCKER_PASSWORD: undefined };

interface ReportJson {
  type: string;
  title: string;
  generator: string;
  columns: Array<{ key: string; label: string }>;
  rows: Array<Record<string, string | number | null>>;
  meta: { tamperEvidence: { dataDigest: string; rowCount: number; auditChain: { available: boolean; headHash?: string } } };
}

/** The documented digest, computed independently of TimeLocker's code: SHA-256 over canonical JSON of keys and cell texts. */
function independentDigest(report: ReportJson): string {
  const keys = report.columns.map((c) => c.key);
  const cells = report.rows.map((row) => keys.map((k) => (row[k] === null || row[k] === undefined ? '' : String(row[k]))));
  return `sha256:${createHash('sha256').update(JSON.stringify({ columns: keys, rows: cells })).digest('hex')}`;
}

describe('reports, status and metrics end to end (real restic, real plugin host, independent readers)', function () {
  this.timeout(180_000);
  let ws: TestWorkspace;
  let source: string;
  const out = (name: string): string => join(ws.path, name);
  const cli = (args: string[]) => ws.cli(args, { env });

  before(async () => {
    ws = await TestWorkspace.create();
    source = join(ws.path, 'source');
    await makeSourceTree(source);
    expect((await cli(['repo', 'add', 'main', '--backend', 'local', '--path', join(ws.path, 'repo'), '--password-env', 'REPO_PW'])).code).to.equal(0);
    expect((await cli(['repo', 'init', 'main'])).code).to.equal(0);
    expect((await cli(['plan', 'add', 'docs', '--repo', 'main', '--path', source])).code).to.equal(0);
    expect((await cli(['backup', 'docs'])).code).to.equal(0);
    await writeFile(join(source, 'grown.bin'), Buffer.alloc(300_000, 7));
    const second = await cli(['backup', 'docs']);
    expect(second.code, second.stderr).to.equal(0);
  });

  after(() => ws?.remove());

  it('samples restic stats after every backup (as its own restic step) and shows the size trend in `status`', async () => {
    const argv = await ws.resticArgv();
    expect(argv.filter((a) => a.includes('stats') && a.includes('raw-data'))).to.have.length(2);
    const statuses = json<{ planStatuses: Array<{ plan: string; lastSuccess: string | null; nextRun: string; successRate: number; runs: number; repositorySize: { current: number; change: number; snapshots: number } }> }>(await cli(['status', '--json'])).planStatuses;
    expect(statuses).to.have.length(1);
    expect(statuses[0]).to.include({ plan: 'docs', nextRun: 'not scheduled', successRate: 1, runs: 2 });
    expect(statuses[0]!.lastSuccess).to.match(/^\d{4}-\d\d-\d\dT/);
    expect(statuses[0]!.repositorySize.snapshots).to.equal(2);
    expect(statuses[0]!.repositorySize.change).to.be.greaterThan(0);
    const table = await cli(['status']);
    expect(table.code, table.stderr).to.equal(0);
    expect(table.stdout).to.match(/docs\s+main\s+\d{4}-/).and.match(/100 % of 2/).and.match(/2 snapshots/);
  });

  it('JSON storage report: JSON.parse reads it, the digest is the documented one, `report verify` accepts it', async () => {
    const file = out('storage.json');
    const made = await cli(['report', 'storage-utilization', '--format', 'json', '--out', file]);
    expect(made.code, made.stderr).to.equal(0);
    const report = JSON.parse(await readFile(file, 'utf8')) as ReportJson;
    expect(report.rows.map((r) => r['snapshotCount'])).to.deep.equal([1, 2]);
    expect(report.rows[1]!['rawSize']).to.be.greaterThan(report.rows[0]!['rawSize'] as number);
    expect(report.meta.tamperEvidence.dataDigest).to.equal(independentDigest(report));
    expect(report.generator).to.match(/^TimeLocker \d+\.\d+\.\d+/);
    const verified = await cli(['report', 'verify', file]);
    expect(verified.code, verified.stderr).to.equal(0);
    expect(verified.stdout).to.match(/OK: storage-utilization report \(json\), 2 row\(s\)/);

    report.rows[0]!['rawSize'] = 1;
    await writeFile(file, JSON.stringify(report));
    const tampered = await cli(['report', 'verify', file]);
    expect(tampered.code).to.equal(1);
    expect(tampered.stderr).to.match(/MISMATCH: the data rows differ from what was generated/);

    // Recomputing the digest after the edit does not help: the audit log holds the digest of what was generated.
    report.meta.tamperEvidence.dataDigest = independentDigest(report);
    await writeFile(file, JSON.stringify(report));
    const forged = await cli(['report', 'verify', file]);
    expect(forged.code).to.equal(1);
    expect(forged.stderr).to.match(/the audit log \(entry #\d+\) recorded digest sha256:[0-9a-f]{64} for this report, not sha256:[0-9a-f]{64}: the digest in the file was changed/);
  });

  it('CSV jobs report: csv-parse reads the records, `report verify` catches an edited cell and a removed row', async () => {
    const file = out('jobs.csv');
    const made = await cli(['report', 'backup-jobs', '--format', 'csv', '--from', '30d', '--out', file]);
    expect(made.code, made.stderr).to.equal(0);
    const text = await readFile(file, 'utf8');
    const records = parseCsv(text, { comment: '#', columns: true }) as Array<Record<string, string>>;
    expect(records).to.have.length(2);
    expect(records.every((r) => r['status'] === 'succeeded' && r['plan'] === 'docs' && /^[0-9a-f]{8}/.test(r['snapshotId']!))).to.equal(true);
    const digest = /^# data-digest: (sha256:[0-9a-f]{64})\r$/m.exec(text)?.[1];
    expect(made.stdout).to.include(digest);
    expect((await cli(['report', 'verify', file])).code).to.equal(0);

    await writeFile(file, text.replace(`,${records[0]!['filesNew']},`, `,${Number(records[0]!['filesNew']) + 1},`));
    const edited = await cli(['report', 'verify', file]);
    expect(edited.code).to.equal(1);
    expect(edited.stderr).to.match(/data rows differ/);
    const lines = text.split('\r\n');
    await writeFile(file, lines.filter((line) => !line.startsWith(records[1]!['id']!)).join('\r\n'));
    const removed = await cli(['report', 'verify', file]);
    expect(removed.code).to.equal(1);
    expect(removed.stderr).to.match(/rows were added or removed: the report recorded 2 row\(s\), the file has 1/);
    // A period without backups is an empty, still verifiable, report.
    const empty = out('none.csv');
    expect((await cli(['report', 'backup-jobs', '--format', 'csv', '--to', '2000-01-01', '--out', empty])).code).to.equal(0);
    expect((await cli(['report', 'verify', empty])).code).to.equal(0);
  });

  it('HTML snapshot inventory: node-html-parser finds the snapshots, the evidence, and no external resources', async () => {
    const file = out('snapshots.html');
    const made = await cli(['report', 'snapshot-inventory', '--format', 'html', '--out', file]);
    expect(made.code, made.stderr).to.equal(0);
    const root = parseHtml(await readFile(file, 'utf8'));
    const rows = root.querySelectorAll('table.data tbody tr');
    expect(rows).to.have.length(2);
    expect(rows[0]!.querySelectorAll('td')[0]!.text).to.equal('main');
    expect(root.querySelector('dd[data-key="data-digest"]')?.text).to.match(/^sha256:[0-9a-f]{64}$/);
    expect(root.querySelectorAll('script, link, img')).to.have.length(0);
  });

  it('PDF jobs report: pdfinfo and pdftotext read the title, the digest and the rows', async () => {
    const file = out('jobs.pdf');
    const made = await cli(['report', 'backup-jobs', '--format', 'pdf', '--out', file, '--json']);
    expect(made.code, made.stderr).to.equal(0);
    const { dataDigest } = json<{ dataDigest: string }>(made);
    expect((await run('pdfinfo', [file])).stdout).to.match(/Title:\s+Backup jobs/);
    const text = (await run('pdftotext', ['-layout', file, '-'])).stdout;
    expect(text).to.include('Backup jobs').and.include(dataDigest).and.include('Tamper evidence').and.include('succeeded');
  });

  it('audit trail report when the audit log is loaded; clear usage errors for unknown formats and types', async () => {
    const file = out('audit.json');
    const audit = await cli(['report', 'audit-trail', '--format', 'json', '--out', file]);
    if (audit.code === 0) {
      const report = JSON.parse(await readFile(file, 'utf8')) as ReportJson;
      expect(report.meta.tamperEvidence.auditChain.available).to.equal(true);
      expect(report.rows.some((r) => r['type'] === 'report.generated')).to.equal(true);
      expect((await cli(['report', 'verify', file])).stdout).to.match(/audit log recorded this digest/);
    } else {
      expect(audit.code).to.equal(2);
      expect(audit.stderr).to.match(/audit log is not available/);
    }
    const badFormat = await cli(['report', 'backup-jobs', '--format', 'xls', '--out', out('x.xls')]);
    expect(badFormat.code).to.equal(2);
    expect(badFormat.stderr).to.match(/Unknown report format "xls". Available: csv, pdf, json, html/);
    expect((await cli(['report', 'nonsense', '--format', 'csv', '--out', out('x.csv')])).code).to.equal(2);
  });
});
