import { lstat, mkdir, readdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'chai';
import { pollUntil } from '@timelocker/plugin-api/testing';
import { json } from '../support/cli.js';
import { TestWorkspace } from '../support/workspace.js';
import { serveWorkbench, type ServedWorkbench } from './serve-process.js';

const env = { REPO_PW: 'restore safety password 3' };

interface Answer {
  readonly status: number;
  readonly body: Record<string, unknown>;
}

interface AuditJson {
  readonly type: string;
  readonly actor: string;
  readonly details: Record<string, unknown>;
}

/** A folder's entries, names only, sorted. */
async function names(dir: string): Promise<string[]> {
  return (await readdir(dir)).sort();
}

describe('restore writes only inside its target (timelocker serve, real restic, tokens of each role)', function () {
  this.timeout(180_000);
  let ws: TestWorkspace;
  let served: ServedWorkbench;
  let source: string;
  /** A folder outside every target, holding a file a restore must never touch. */
  let outside: string;
  const tokens: Record<string, string> = {};

  async function api(method: string, path: string, token: string, body?: unknown): Promise<Answer> {
    const response = await fetch(new URL(path, served.url), {
      method, headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) as Record<string, unknown> : {} };
  }

  /** Starts a restore as `role` and, when it was accepted, waits for the job to finish. */
  async function restore(role: string, request: Record<string, unknown>): Promise<Answer> {
    const started = await api('POST', '/api/v1/jobs', tokens[role]!, { kind: 'restore', repository: 'home', snapshot: 'latest', ...request });
    if (started.status !== 202) return started;
    const finished = await pollUntil('the restore job', async () => {
      const job = await api('GET', `/api/v1/jobs/${String(started.body['id'])}`, tokens['viewer']!);
      return ['queued', 'running'].includes(String(job.body['status'])) ? undefined : job;
    });
    return { status: 202, body: finished.body };
  }

  before(async () => {
    ws = await TestWorkspace.create(env);
    source = join(ws.path, 'source');
    outside = join(ws.path, 'outside');
    await mkdir(join(source, 'sub'), { recursive: true });
    await mkdir(outside);
    await writeFile(join(source, 'sub', 'file.txt'), 'from the snapshot\n');
    await writeFile(join(source, 'top.txt'), 'top\n');
    await writeFile(join(outside, 'victim.txt'), 'must stay\n');
    expect((await ws.cli(['repo', 'add', 'home', '--backend', 'local', '--path', join(ws.path, 'repo'), '--password-env', 'REPO_PW'])).code).to.equal(0);
    expect((await ws.cli(['repo', 'init', 'home'])).code).to.equal(0);
    expect((await ws.cli(['plan', 'add', 'docs', '--repo', 'home', '--path', source])).code).to.equal(0);
    expect((await ws.cli(['backup', 'docs'])).code).to.equal(0);
    for (const role of ['viewer', 'operator']) {
      tokens[role] = json<{ token: string }>(await ws.cli(['token', 'create', `safety-${role}`, '--role', role, '--json'])).token;
    }
    served = await serveWorkbench(ws, env);
    tokens['admin'] = served.adminToken;
  });

  after(async () => {
    await served?.stop();
    await ws?.remove();
  });

  it('admin overwrite into a target holding links to outside folders and files: the links are replaced, nothing outside is written, audited with the count', async () => {
    const target = join(ws.path, 'admin-target');
    // Where the snapshot's folder and file land inside the target, links to the outside are waiting.
    await mkdir(join(target, source), { recursive: true });
    await symlink(outside, join(target, source, 'sub'));
    await symlink(join(outside, 'victim.txt'), join(target, source, 'top.txt'));
    const before = await names(outside);

    const done = await restore('admin', { target, overwrite: true, verify: true });
    expect(done.body['status'], JSON.stringify(done.body)).to.equal('succeeded');
    expect(await names(outside), 'nothing new outside the target').to.deep.equal(before);
    expect(await readFile(join(outside, 'victim.txt'), 'utf8')).to.equal('must stay\n');
    expect((await lstat(join(target, source, 'sub'))).isDirectory()).to.equal(true);
    expect(await readFile(join(target, source, 'sub', 'file.txt'), 'utf8')).to.equal('from the snapshot\n');
    expect((await lstat(join(target, source, 'top.txt'))).isFile()).to.equal(true);
    expect(await readFile(join(target, source, 'top.txt'), 'utf8')).to.equal('top\n');
    expect(await names(target), 'no staging folder left behind').to.deep.equal([source.split('/')[1]!]);
    expect((done.body['summary'] as Record<string, unknown>)['overwrittenPaths']).to.equal(2);

    const audit = await api('GET', '/api/v1/audit?type=restore.overwrote', tokens['viewer']!);
    const entries = audit.body as unknown as AuditJson[];
    expect(entries).to.have.length(1);
    expect(entries[0]).to.deep.include({ actor: 'api:session-1' });
    expect(entries[0]!.details).to.include({ overwrittenPaths: 2, targetDir: target, jobId: done.body['id'] });
  });

  it('an operator restores only under restore.allowedTargets (default <data-dir>/restores), never with overwrite, never through a link', async () => {
    const allowed = join(ws.dataDir, 'restores');
    const outsideTarget = join(ws.path, 'operator-target');
    const refused = await restore('operator', { target: outsideTarget });
    expect(refused.status).to.equal(403);
    expect(refused.body['message']).to.include(allowed);
    expect((await restore('operator', { target: join(allowed, '..', 'escape') })).status, 'a path that climbs out').to.equal(403);
    expect((await restore('operator', { target: join(allowed, 'x'), overwrite: true })).status).to.equal(403);
    await mkdir(allowed, { recursive: true });
    await symlink(outside, join(allowed, 'via-link'));
    const linked = await restore('operator', { target: join(allowed, 'via-link', 'deeper') });
    expect(linked.status).to.equal(403);
    expect(linked.body['message']).to.include('symbolic link');
    expect((await restore('viewer', { target: join(allowed, 'v') })).status).to.equal(403);
    expect(await names(outside)).to.deep.equal(['victim.txt']);

    const done = await restore('operator', { target: join(allowed, 'mine') });
    expect(done.body['status'], JSON.stringify(done.body)).to.equal('succeeded');
    expect(await readFile(join(allowed, 'mine', source, 'sub', 'file.txt'), 'utf8')).to.equal('from the snapshot\n');
  });

  it('restore.allowedTargets from the config replaces the default', async () => {
    const configured = join(ws.path, 'operator-restores');
    const config = JSON.parse(await readFile(ws.configFile, 'utf8')) as Record<string, unknown>;
    await writeFile(ws.configFile, JSON.stringify({ ...config, restore: { allowedTargets: [configured] } }, null, 2));
    const done = await pollUntil('the server to load restore.allowedTargets', async () => {
      const attempt = await restore('operator', { target: join(configured, 'first') });
      return attempt.status === 202 ? attempt : undefined;
    });
    expect(done.body['status'], JSON.stringify(done.body)).to.equal('succeeded');
    expect((await restore('operator', { target: join(ws.dataDir, 'restores', 'again') })).status).to.equal(403);
  });

  it('fails a restore whose includes match nothing: "No file matched", nothing written (API and CLI)', async () => {
    const target = join(ws.path, 'nothing');
    const done = await restore('admin', { target, include: ['../../etc/passwd'] });
    expect(done.body['status']).to.equal('failed');
    expect(done.body['error']).to.include('No file matched').and.include('../../etc/passwd');
    expect(await names(target)).to.deep.equal([]);
    const cli = await ws.cli(['restore', 'latest', '--repo', 'home', '--target', join(ws.path, 'nothing-cli'), '--include', '/no/such/path']);
    expect(cli.code).to.equal(2);
    expect(cli.stderr).to.include('No file matched');
  });
});
