import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'chai';
import { parse as parseCsv } from 'csv-parse/sync';
import { pollUntil } from '@timelocker/plugin-api/testing';
import { json } from '../support/cli.js';
import { startPrivateKeyring, type PrivateKeyring } from '../support/private-keyring.js';
import { makeSourceTree } from '../support/source-tree.js';
import { TestWorkspace } from '../support/workspace.js';
import { serveWorkbench, type ServedWorkbench } from './serve-process.js';
import { filesContaining } from '../support/data-dir-files.js';

const run = promisify(execFile);
const SECRET = 'kept-in-the-keyring-only-9f3';

interface Answer {
  readonly status: number;
  readonly headers: Headers;
  readonly bytes: Buffer;
  readonly body: unknown;
}

describe('REST API end to end: first-run serve, reports as downloads, metrics, schedules, secrets (real restic)', function () {
  this.timeout(180_000);
  let keyring: PrivateKeyring;
  let ws: TestWorkspace;
  let served: ServedWorkbench;
  const tokens: Record<string, string> = {};

  async function api(method: string, path: string, role: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer> {
    const response = await fetch(new URL(path, served.url), {
      method,
      headers: { authorization: `Bearer ${tokens[role]!}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const bytes = Buffer.from(await response.arrayBuffer());
    const json = (response.headers.get('content-type') ?? '').includes('json') && bytes.length ? JSON.parse(bytes.toString('utf8')) as unknown : undefined;
    return { status: response.status, headers: response.headers, bytes, body: json };
  }

  before(async () => {
    keyring = await startPrivateKeyring();
    ws = await TestWorkspace.create({ ...keyring.env, REPO_PW: 'api reports password 7' });
    // A first run: `serve` comes before anything wrote the config, so its folder does not exist yet.
    expect(existsSync(dirname(ws.configFile))).to.equal(false);
    served = await serveWorkbench(ws);
    tokens['admin'] = served.adminToken;
    for (const role of ['viewer', 'operator']) {
      const created = await api('POST', '/api/v1/tokens', 'admin', { name: `e2e-${role}`, role });
      tokens[role] = (created.body as { token: string }).token;
    }
    const source = join(ws.path, 'source');
    await makeSourceTree(source);
    expect((await ws.cli(['repo', 'add', 'main', '--backend', 'local', '--path', join(ws.path, 'repo'), '--password-env', 'REPO_PW'])).code).to.equal(0);
    expect((await ws.cli(['repo', 'init', 'main'])).code).to.equal(0);
    expect((await ws.cli(['plan', 'add', 'docs', '--repo', 'main', '--path', source])).code).to.equal(0);
  });

  after(async () => {
    await served?.stop();
    await keyring?.stop();
    await ws?.remove();
  });

  it('serves although the config folder was missing, and picks up what the CLI wrote there', async () => {
    const plans = await pollUntil('plan docs seen by the server', async () => {
      const listed = (await api('GET', '/api/v1/plans', 'viewer')).body as Array<{ name: string }>;
      return listed.some((p) => p.name === 'docs') ? listed : undefined;
    }, 15_000);
    expect(plans.map((p) => p.name)).to.deep.equal(['docs']);
  });

  it('after a backup: storage samples, per-plan status (the same as `status --json`) and the schedule with its next run', async () => {
    const config = await api('GET', '/api/v1/config', 'admin');
    const { text, etag } = config.body as { text: string; etag: string };
    const edited = JSON.parse(text) as { plans: Record<string, Record<string, unknown>> };
    edited.plans['docs']!['schedule'] = '@yearly';
    const saved = await api('PUT', '/api/v1/config', 'admin', { text: JSON.stringify(edited, null, 2) }, { 'if-match': etag });
    expect(saved.status, JSON.stringify(saved.body)).to.equal(200);

    const started = await api('POST', '/api/v1/jobs', 'operator', { kind: 'backup', plan: 'docs' });
    expect(started.status, JSON.stringify(started.body)).to.equal(202);
    const jobId = (started.body as { id: string }).id;
    const job = await pollUntil('backup job', async () => {
      const current = (await api('GET', `/api/v1/jobs/${jobId}`, 'viewer')).body as { status: string };
      return ['queued', 'running'].includes(current.status) ? undefined : current;
    }, 120_000);
    expect(job.status, JSON.stringify(job)).to.equal('succeeded');

    const samples = await pollUntil('a storage sample', async () => {
      const listed = (await api('GET', '/api/v1/metrics/storage?repository=main', 'viewer')).body as Array<{ repository: string; rawSize: number; jobId: string }>;
      return listed.length ? listed : undefined;
    }, 30_000);
    expect(samples[0]).to.include({ repository: 'main', jobId });
    expect(samples[0]!.rawSize).to.be.greaterThan(0);

    const status = (await api('GET', '/api/v1/status', 'viewer')).body as { planStatuses: Array<{ plan: string; lastSuccess: string | null; nextRun: string; runs: number; repositorySize: { current: number } | null }> };
    const docs = status.planStatuses.find((p) => p.plan === 'docs')!;
    expect(docs.lastSuccess).to.match(/^\d{4}-\d\d-\d\dT/);
    expect(docs.nextRun).to.match(/^\d{4}-01-01T/);
    expect(docs.runs).to.equal(1);
    expect(docs.repositorySize?.current).to.equal(samples[0]!.rawSize);
    // One service answers both: the CLI on the same data dir prints exactly what the server returns.
    expect(json<unknown>(await ws.cli(['status', '--json']))).to.deep.equal(status);

    const schedules = (await api('GET', '/api/v1/schedules', 'viewer')).body as Array<{ plan: string; schedule: string; nextRun: string; running: boolean }>;
    expect(schedules).to.have.length(1);
    expect(schedules[0]).to.include({ plan: 'docs', schedule: '@yearly', running: false, nextRun: docs.nextRun });
  });

  it('generates reports as downloads an independent reader accepts: a PDF (pdfinfo) and a CSV', async () => {
    expect((await api('POST', '/api/v1/reports/generate', 'viewer', { type: 'backup-jobs', format: 'pdf' })).status).to.equal(403);
    const pdf = await api('POST', '/api/v1/reports/generate', 'operator', { type: 'backup-jobs', format: 'pdf', from: '1d', repository: 'main' });
    expect(pdf.status, pdf.bytes.toString('utf8', 0, 300)).to.equal(200);
    expect(pdf.headers.get('content-type')).to.equal('application/pdf');
    expect(pdf.headers.get('content-disposition')).to.match(/^attachment; filename="timelocker-backup-jobs-\d{4}-\d\d-\d\d\.pdf"$/);
    const pdfFile = join(ws.path, 'jobs.pdf');
    await writeFile(pdfFile, pdf.bytes);
    const info = await run('pdfinfo', [pdfFile]);
    expect(info.stdout).to.match(/^Pages:\s+[1-9]/m);

    const csv = await api('POST', '/api/v1/reports/generate', 'operator', { type: 'storage-utilization', format: 'csv' });
    expect(csv.status).to.equal(200);
    expect(csv.headers.get('content-type')).to.equal('text/csv; charset=utf-8');
    const rows = parseCsv(csv.bytes.toString('utf8'), { columns: true, skip_empty_lines: true, comment: '#' }) as Array<Record<string, string>>;
    expect(rows.length).to.be.at.least(1);
    expect(Object.values(rows[0]!)).to.include('main');
  });

  it('stores a secret for an admin only, never echoes it, lists names and audits the write', async () => {
    expect((await api('POST', '/api/v1/secrets', 'operator', { repository: 'main', field: 'password', value: SECRET })).status).to.equal(403);
    expect((await api('GET', '/api/v1/secrets', 'viewer')).status).to.equal(403);
    const stored = await api('POST', '/api/v1/secrets', 'admin', { repository: 'main', field: 'password', value: SECRET });
    expect(stored.status, stored.bytes.toString()).to.equal(201);
    expect(stored.body).to.deep.equal({ name: 'main/password' });
    const listed = await api('GET', '/api/v1/secrets?repository=main', 'admin');
    expect(listed.body).to.deep.equal([{ name: 'main/password' }]);
    const audit = await api('GET', '/api/v1/audit?type=secret.set', 'viewer');
    expect((audit.body as Array<{ target: string }>).map((e) => e.target)).to.include('main/password');
    expect(audit.bytes.toString()).to.not.include(SECRET);
    const everything = await api('GET', '/api/v1/audit', 'viewer');
    expect(everything.bytes.toString()).to.not.include(SECRET);
    expect(await filesContaining(ws.dataDir, SECRET), 'catalog, history, job output').to.deep.equal([]);
  });
});
