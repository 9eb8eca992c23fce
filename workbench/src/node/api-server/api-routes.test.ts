import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { type AddressInfo, createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'chai';
import { pollUntil } from '@timelocker/plugin-api/testing';
import { ApiTokenService } from '../api-tokens/api-token-service.js';
import { resolveKernelOptions } from '../kernel-paths.js';
import { ApiEventStream } from './api-event-stream.js';
import { startWorkbenchServer, type WorkbenchServer } from '../workbench-server.js';

const run = promisify(execFile);

/** Pids of this process's restic children running `command` (from the process list, as an outsider sees them). */
async function resticChildren(command: string): Promise<number[]> {
  const { stdout } = await run('ps', ['-o', 'pid=,ppid=,args=', '-e']);
  return stdout.split('\n').map((line) => /^\s*(\d+)\s+(\d+)\s+(.*)$/.exec(line)).filter((m) => m !== null)
    .filter((m) => Number(m[2]) === process.pid && /\brestic\b/.test(m[3]!) && m[3]!.split(' ').includes(command)).map((m) => Number(m[1]));
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

interface Answer {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  readonly body: Record<string, unknown> & { issues?: Array<Record<string, unknown>> };
}

/** Reports, metrics, schedules, privacy and secrets routes, on a first run whose config folder does not exist yet. */
describe('API routes: reports, metrics, schedules, privacy, secrets (real kernel, real HTTP)', function () {
  this.timeout(60_000);
  let dir: string;
  let configFile: string;
  let server: WorkbenchServer;
  const frames: string[] = [];
  const tokens: Record<'viewer' | 'operator' | 'admin', string> = { viewer: '', operator: '', admin: '' };

  async function call(method: string, path: string, token: string | undefined, body?: unknown): Promise<Answer> {
    const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(new URL(path, server.address.url), { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
    const text = await response.text();
    const json = (response.headers.get('content-type') ?? '').includes('json') && text ? JSON.parse(text) as Answer['body'] : {};
    return { status: response.status, headers: response.headers, text, body: json };
  }

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tl-api-routes-'));
    // A normal first run: neither the config file nor its folder exists yet.
    configFile = join(dir, 'not', 'yet', 'there', 'timelocker.json');
    server = await startWorkbenchServer(resolveKernelOptions({ configFile, dataDir: join(dir, 'data'), actor: 'api' }));
    server.kernel.container.get(ApiEventStream).attach({ write: (frame) => frames.push(frame), end: () => undefined });
    const service = server.kernel.get<ApiTokenService>(ApiTokenService);
    for (const role of ['viewer', 'operator', 'admin'] as const) tokens[role] = (await service.create(`r-${role}`, role)).token;
  });

  after(async () => {
    await server?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('serves when the config folder does not exist, and announces the config file once another process writes it', async () => {
    expect(existsSync(join(dir, 'not', 'yet', 'there'))).to.equal(true);
    await writeFile(configFile, JSON.stringify({ repositories: {}, plans: {} }));
    await pollUntil('config.changed', () => frames.some((f) => f.startsWith('event: config.changed')), 10_000);
  });

  it('lists the new routes in a valid OpenAPI document', async () => {
    const document = await (await fetch(new URL('/api/v1/openapi.json', server.address.url))).json() as { paths: Record<string, unknown> };
    expect(Object.keys(document.paths)).to.include.members([
      '/api/v1/reports', '/api/v1/reports/generate', '/api/v1/metrics/storage', '/api/v1/schedules',
      '/api/v1/privacy', '/api/v1/privacy/accept', '/api/v1/privacy/export', '/api/v1/secrets', '/api/v1/audit', '/api/v1/audit/verify',
    ]);
  });

  it('shows the privacy notice until accepted; any role accepts, only an admin exports', async () => {
    const before = await call('GET', '/api/v1/privacy', tokens.viewer);
    expect(before.status).to.equal(200);
    expect(before.body).to.include({ accepted: false, version: '1' });
    expect(String(before.body['text'])).to.include('privacy notice').and.include(configFile);
    const accepted = await call('POST', '/api/v1/privacy/accept', tokens.viewer, { channel: 'ui' });
    expect(accepted.status, accepted.text).to.equal(200);
    expect(accepted.body).to.include({ decision: 'accepted', channel: 'ui', actor: 'api' });
    expect((await call('GET', '/api/v1/privacy', tokens.viewer)).body['accepted']).to.equal(true);
    expect((await call('POST', '/api/v1/privacy/accept', tokens.viewer, { channel: 'mail' })).body.issues?.[0]?.['field']).to.equal('body.channel');
    expect((await call('POST', '/api/v1/privacy/accept', undefined, {})).status).to.equal(401);
    const withoutBody = await call('POST', '/api/v1/privacy/accept', tokens.operator);
    expect(withoutBody.status, withoutBody.text).to.equal(200);
    expect(withoutBody.body['channel']).to.equal('api');

    expect((await call('GET', '/api/v1/privacy/export', tokens.operator)).status).to.equal(403);
    const exported = await call('GET', '/api/v1/privacy/export', tokens.admin);
    expect(exported.status).to.equal(200);
    expect(exported.headers.get('content-disposition')).to.match(/^attachment; filename="timelocker-privacy-export-.*\.json"$/);
    expect((exported.body['consents'] as Array<{ channel: string }>).map((c) => c.channel)).to.include('ui');
    const audit = await call('GET', '/api/v1/audit?type=privacy.accepted', tokens.viewer);
    expect((audit.body as unknown as Array<{ actor: string }>).map((e) => e.actor)).to.include('api:r-viewer');
    // `since` reads like the CLI's `audit --since 7d`: an age finds the entry just written, an unreadable time is a 400.
    const recent = await call('GET', '/api/v1/audit?type=privacy.accepted&since=1h', tokens.viewer);
    expect((recent.body as unknown as Array<{ actor: string }>).map((e) => e.actor)).to.include('api:r-viewer');
    expect(await call('GET', '/api/v1/audit?type=privacy.accepted&until=2h', tokens.viewer).then((r) => r.body)).to.deep.equal([]);
    const unreadable = await call('GET', '/api/v1/audit?since=last%20week', tokens.viewer);
    expect(unreadable.status).to.equal(400);
    expect(unreadable.body['error']).to.equal('usage');
    expect(unreadable.body.issues?.[0]?.['field']).to.equal('querystring.since');
  });

  it('lists report types and formats to a viewer; only an operator generates, as a download', async () => {
    const listed = await call('GET', '/api/v1/reports', tokens.viewer);
    expect(listed.status).to.equal(200);
    expect((listed.body['types'] as Array<{ id: string }>).map((t) => t.id)).to.deep.equal(['backup-jobs', 'snapshot-inventory', 'audit-trail', 'storage-utilization']);
    const formats = listed.body['formats'] as Array<{ id: string; mimeType: string; pluginId: string; aliases: string[] }>;
    expect(formats.find((f) => f.id === 'timelocker.pdf')).to.include({ mimeType: 'application/pdf', pluginId: 'timelocker.reports' });
    expect(formats.find((f) => f.id === 'timelocker.pdf')?.aliases).to.deep.equal(['pdf']);

    expect((await call('POST', '/api/v1/reports/generate', tokens.viewer, { type: 'audit-trail', format: 'csv' })).status).to.equal(403);
    const csv = await call('POST', '/api/v1/reports/generate', tokens.operator, { type: 'audit-trail', format: 'csv', from: '30d' });
    expect(csv.status, csv.text).to.equal(200);
    expect(csv.headers.get('content-type')).to.equal('text/csv; charset=utf-8');
    expect(csv.headers.get('content-disposition')).to.match(/^attachment; filename="timelocker-audit-trail-\d{4}-\d\d-\d\d\.csv"$/);
    expect(csv.headers.get('x-report-digest')).to.match(/^sha256:[0-9a-f]{64}$/);
    expect(csv.text).to.include('privacy.accepted');

    const pdf = await fetch(new URL('/api/v1/reports/generate', server.address.url), {
      method: 'POST', headers: { authorization: `Bearer ${tokens.operator}`, 'content-type': 'application/json' }, body: JSON.stringify({ type: 'backup-jobs', format: 'pdf' }),
    });
    expect(pdf.headers.get('content-type')).to.equal('application/pdf');
    expect(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString('latin1')).to.equal('%PDF-');

    const unknownFormat = await call('POST', '/api/v1/reports/generate', tokens.operator, { type: 'backup-jobs', format: 'docx' });
    expect(unknownFormat.status).to.equal(404);
    expect(unknownFormat.body['message']).to.include('Unknown report format "docx"');
    expect((await call('POST', '/api/v1/reports/generate', tokens.operator, { type: 'weather', format: 'csv' })).body.issues?.[0]?.['field']).to.equal('body.type');
    const backwards = await call('POST', '/api/v1/reports/generate', tokens.operator, { type: 'backup-jobs', format: 'csv', from: '2026-02-01', to: '2026-01-01' });
    expect(backwards.status).to.equal(400);
    expect(backwards.body.issues?.[0]?.['field']).to.equal('body.from');
    expect((await call('POST', '/api/v1/reports/generate', tokens.operator, { type: 'backup-jobs', format: 'csv', to: 'soon' })).body.issues?.[0]?.['field']).to.equal('body.to');
  });

  it('reads storage samples, schedules and per-plan status as a viewer', async () => {
    const storage = await call('GET', '/api/v1/metrics/storage?from=7d', tokens.viewer);
    expect(storage.status).to.equal(200);
    expect(storage.body).to.deep.equal([]);
    expect((await call('GET', '/api/v1/metrics/storage?from=yesterday', tokens.viewer)).body.issues?.[0]?.['field']).to.equal('querystring.from');
    const schedules = await call('GET', '/api/v1/schedules', tokens.viewer);
    expect(schedules.status).to.equal(200);
    expect(schedules.body).to.deep.equal([]);
    const status = await call('GET', '/api/v1/status', tokens.viewer);
    expect(status.body['planStatuses']).to.deep.equal([]);
  });

  it('keeps secrets to admins: names only, values never echoed, bodies checked', async () => {
    for (const token of [tokens.viewer, tokens.operator]) {
      expect((await call('GET', '/api/v1/secrets', token)).status).to.equal(403);
      expect((await call('POST', '/api/v1/secrets', token, { account: 'x/password', value: 'v' })).status).to.equal(403);
    }
    const noTarget = await call('POST', '/api/v1/secrets', tokens.admin, { value: 'hidden-value-1' });
    expect(noTarget.status).to.equal(400);
    expect(noTarget.text).to.not.include('hidden-value-1');
    expect((await call('POST', '/api/v1/secrets', tokens.admin, { account: 'a/b', repository: 'r', value: 'v' })).status).to.equal(400);
    const unknownRepository = await call('POST', '/api/v1/secrets', tokens.admin, { repository: 'nope', field: 'password', value: 'hidden-value-2' });
    expect(unknownRepository.status).to.equal(404);
    expect(unknownRepository.text).to.not.include('hidden-value-2');
    expect((await call('POST', '/api/v1/secrets', tokens.admin, { account: 'a/b', value: '' })).body.issues?.[0]?.['field']).to.equal('body.value');
  });

  it('stops restic when the client goes away: a snapshot listing of a stalled S3 repository ends with the request', async () => {
    // Accepts connections and never answers: restic waits in the TLS handshake and retries for minutes.
    const held: Socket[] = [];
    const stalled = createServer((socket) => held.push(socket));
    await new Promise<void>((resolve) => stalled.listen(0, '127.0.0.1', resolve));
    const secretEnv = 'TL_API_ROUTES_STALLED_SECRET';
    process.env[secretEnv] = 'stalled-repository-secret';
    try {
      const fromEnv = { env: secretEnv };
      const endpoint = `https://127.0.0.1:${(stalled.address() as AddressInfo).port}`;
      await writeFile(configFile, JSON.stringify({
        repositories: { stalled: { backend: 's3', endpoint, bucket: 'restic', password: fromEnv, accessKeyId: fromEnv, secretAccessKey: fromEnv } },
        plans: {},
      }));
      let listed: unknown;
      await pollUntil('the stalled repository in the config', async () => JSON.stringify(listed = (await call('GET', '/api/v1/repositories', tokens.viewer)).body).includes('stalled'));
      // Where it lives, in the words the s3 backend declares (`displayLocation`).
      expect(listed).to.deep.equal([{ name: 'stalled', backend: 's3', config: { endpoint, bucket: 'restic' }, location: `s3:${endpoint}/restic` }]);

      const client = new AbortController();
      const listing = fetch(new URL('/api/v1/snapshots?repository=stalled', server.address.url), { headers: { authorization: `Bearer ${tokens.viewer}` }, signal: client.signal })
        .then(() => 'answered', (error: Error) => error.name);
      let pids: number[] = [];
      await pollUntil('restic snapshots running for the request, connected to the stalled server', async () => held.length > 0 && (pids = await resticChildren('snapshots')).length > 0, 30_000);
      client.abort();
      expect(await listing).to.equal('AbortError');
      await pollUntil(`restic (pid ${pids.join(', ')}) to end after the client left`, () => !pids.some(alive), 10_000);
    } finally {
      delete process.env[secretEnv];
      for (const socket of held) socket.destroy();
      stalled.close();
    }
  });
});
