import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'chai';
import { pollUntil } from '@timelocker/plugin-api/testing';
import { json } from '../support/cli.js';
import { TestWorkspace } from '../support/workspace.js';
import { openEventStream, type ReceivedEvent } from './sse-client.js';
import { serveWorkbench, type ServedWorkbench } from './serve-process.js';

const env = { TIMELOCKER_PASSWORD: 'api test password 42' };

describe('REST API end to end: timelocker serve, real restic, live events', function () {
  this.timeout(180_000);
  let ws: TestWorkspace;
  let served: ServedWorkbench;
  let source: string;
  const tokens: Record<string, string> = {};

  async function api(method: string, path: string, token: string | undefined, body?: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
    const response = await fetch(new URL(path, served.url), {
      method,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) as Record<string, unknown> : {} };
  }

  before(async () => {
    ws = await TestWorkspace.create(env);
    source = join(ws.path, 'source');
    await mkdir(source, { recursive: true });
    // Random (incompressible) data behind an upload limit: the backup lasts a few seconds of progress.
    for (let i = 0; i < 6; i++) await writeFile(join(source, `blob-${i}.bin`), randomBytes(1024 * 1024));
    await writeFile(join(source, 'note.txt'), 'restore me byte for byte\n');
    expect((await ws.cli(['repo', 'add', 'home', '--backend', 'local', '--path', join(ws.path, 'repo'), '--password-env', 'TIMELOCKER_PASSWORD'])).code).to.equal(0);
    expect((await ws.cli(['repo', 'init', 'home'])).code).to.equal(0);
    expect((await ws.cli(['plan', 'add', 'docs', '--repo', 'home', '--path', source])).code).to.equal(0);
    const config = JSON.parse(await readFile(ws.configFile, 'utf8')) as Record<string, unknown>;
    await writeFile(ws.configFile, JSON.stringify({ ...config, limits: { uploadKiBps: 1536 } }, null, 2));
    for (const role of ['viewer', 'operator']) {
      tokens[role] = json<{ token: string }>(await ws.cli(['token', 'create', `ci-${role}`, '--role', role, '--json'])).token;
    }
    served = await serveWorkbench(ws);
    tokens['admin'] = served.adminToken;
  });

  after(async () => {
    await served?.stop();
    await ws?.remove();
  });

  it('rejects unauthenticated requests (401) and a viewer starting a backup (403)', async () => {
    expect((await api('GET', '/api/v1/jobs', undefined)).status).to.equal(401);
    expect((await api('POST', '/api/v1/jobs', tokens['viewer'], { kind: 'backup', plan: 'docs' })).status).to.equal(403);
    const listed = json<Array<{ name: string }>>(await ws.cli(['token', 'list', '--json']));
    expect(listed.map((t) => t.name)).to.deep.equal(['ci-operator', 'ci-viewer']);
  });

  it('runs a backup started by an operator and streams its progress at most 1 s apart', async () => {
    const events: ReceivedEvent[] = [];
    const stream = await openEventStream(new URL(`/api/v1/events?access_token=${tokens['viewer']}`, served.url).href, (e) => events.push(e));
    try {
      const started = await api('POST', '/api/v1/jobs', tokens['operator'], { kind: 'backup', plan: 'docs' });
      expect(started.status, JSON.stringify(started.body)).to.equal(202);
      const jobId = String(started.body['id']);
      expect(started.body['status']).to.equal('queued');
      const finished = await pollUntil('job.finished', async () => events.find((e) => e.event === 'job.finished' && e.data['id'] === jobId), 120_000);
      expect(finished.data['status'], JSON.stringify(finished.data)).to.equal('succeeded');
      expect(events.some((e) => e.event === 'job.queued' && e.data['id'] === jobId)).to.equal(true);
      const progress = events.filter((e) => e.event === 'job.progress' && e.data['jobId'] === jobId);
      expect(progress.length, 'progress events').to.be.greaterThan(2);
      const gaps = progress.slice(1).map((e, i) => e.at - progress[i]!.at);
      expect(Math.max(...gaps), `gaps ${gaps.join(',')}`).to.be.at.most(1000);
      expect(progress.at(-1)!.data['percent']).to.be.a('number');
      const job = await api('GET', `/api/v1/jobs/${jobId}`, tokens['viewer']);
      expect(job.body['status']).to.equal('succeeded');
      const page = await api('GET', '/api/v1/jobs?limit=1&offset=0', tokens['viewer']);
      expect((page.body['items'] as unknown[]).length).to.equal(1);
      expect(page.body['total']).to.be.at.least(2);
    } finally {
      stream.close();
    }
  });

  it('lists and browses the snapshot, and restores one file byte for byte', async () => {
    const snapshots = await api('GET', '/api/v1/snapshots?repository=home&plan=docs', tokens['viewer']);
    const list = snapshots.body as unknown as Array<{ id: string }>;
    expect(list).to.have.length(1);
    const entries = await api('GET', `/api/v1/repositories/home/snapshots/${list[0]!.id.slice(0, 8)}/ls?dir=${encodeURIComponent(source)}`, tokens['viewer']);
    expect((entries.body as unknown as Array<{ name: string }>).map((e) => e.name)).to.include('note.txt');
    // An operator restores into the default restore.allowedTargets folder.
    const target = join(ws.dataDir, 'restores', 'restored');
    const started = await api('POST', '/api/v1/jobs', tokens['operator'], { kind: 'restore', repository: 'home', snapshot: 'latest', target, include: [join(source, 'note.txt')], verify: true });
    expect(started.status, JSON.stringify(started.body)).to.equal(202);
    const done = await pollUntil('restore job', async () => {
      const job = await api('GET', `/api/v1/jobs/${String(started.body['id'])}`, tokens['viewer']);
      return ['queued', 'running'].includes(String(job.body['status'])) ? undefined : job.body;
    });
    expect(done['status'], JSON.stringify(done)).to.equal('succeeded');
    expect(await readFile(join(target, source, 'note.txt'), 'utf8')).to.equal('restore me byte for byte\n');
  });

  it('announces config changes made by another process (the CLI) as config.changed', async () => {
    const events: ReceivedEvent[] = [];
    const stream = await openEventStream(new URL(`/api/v1/events?access_token=${tokens['viewer']}`, served.url).href, (e) => events.push(e));
    try {
      expect((await ws.cli(['plan', 'add', 'more', '--repo', 'home', '--path', source])).code).to.equal(0);
      await pollUntil('config.changed', async () => events.find((e) => e.event === 'config.changed'), 10_000);
      const plans = await api('GET', '/api/v1/plans', tokens['viewer']);
      expect((plans.body as unknown as Array<{ name: string }>).map((p) => p.name)).to.include('more');
    } finally {
      stream.close();
    }
  });
});
