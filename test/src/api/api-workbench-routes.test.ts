import { execFile } from 'node:child_process';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'chai';
import { pollUntil } from '@timelocker/plugin-api/testing';
import { json } from '../support/cli.js';
import { processGone } from '../support/tools.js';
import { TestWorkspace } from '../support/workspace.js';
import { openEventStream, type ReceivedEvent } from './sse-client.js';
import { serveWorkbench, type ServedWorkbench } from './serve-process.js';

const exec = promisify(execFile);
const env = { TL_ROUTES_PASSWORD: 'routes test password 42' };

interface Reply<T = Record<string, unknown>> { status: number; body: T; headers: Headers }

/** The routes the workbench's forms, snapshot tools and maintenance use, against `timelocker serve` and real restic. */
describe('REST API for the workbench: snapshot search, download, diff, restore impact, forms, hooks', function () {
  this.timeout(180_000);
  let ws: TestWorkspace;
  let served: ServedWorkbench;
  let source: string;
  let first: string;
  let second: string;
  const tokens: Record<string, string> = {};

  async function api<T = Record<string, unknown>>(method: string, path: string, role: string, body?: unknown, headers: Record<string, string> = {}): Promise<Reply<T>> {
    const response = await fetch(new URL(path, served.url), {
      method,
      headers: { authorization: `Bearer ${tokens[role]}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : {}) as T, headers: response.headers };
  }

  /** Starts a backup of `documents` and collects its log lines from the event stream until it finishes. */
  async function backupWithLog(): Promise<{ job: { id: string; status: string; error?: string }; lines: string[] }> {
    const events: ReceivedEvent[] = [];
    const stream = await openEventStream(new URL(`/api/v1/events?access_token=${tokens['viewer']}`, served.url).toString(), (e) => events.push(e));
    try {
      const started = await api<{ id: string }>('POST', '/api/v1/jobs', 'operator', { kind: 'backup', plan: 'documents' });
      expect(started.status, JSON.stringify(started.body)).to.equal(202);
      const finished = await pollUntil('the backup to finish', async () => events.find((e) => e.event === 'job.finished' && e.data['id'] === started.body.id), 60_000);
      const lines = events.filter((e) => e.event === 'job.log' && e.data['jobId'] === started.body.id).map((e) => String(e.data['line']));
      return { job: finished.data as unknown as { id: string; status: string; error?: string }, lines };
    } finally {
      stream.close();
    }
  }

  before(async () => {
    ws = await TestWorkspace.create(env);
    source = join(ws.path, 'source');
    await mkdir(join(source, 'Docs', 'Deep'), { recursive: true });
    await writeFile(join(source, 'Docs', 'Deep', 'Quarterly-Report.txt'), 'numbers\n'.repeat(100));
    await writeFile(join(source, 'Docs', 'gone.txt'), 'removed later\n');
    await writeFile(join(source, 'notes.md'), 'v1\n');
    for (const args of [
      ['repo', 'add', 'home', '--backend', 'local', '--path', join(ws.path, 'repo'), '--password-env', 'TL_ROUTES_PASSWORD'],
      ['repo', 'init', 'home'],
      ['plan', 'add', 'docs', '--repo', 'home', '--path', source],
      ['backup', 'docs'],
    ]) expect((await ws.cli(args)).code, args.join(' ')).to.equal(0);
    await rm(join(source, 'Docs', 'gone.txt'));
    await writeFile(join(source, 'notes.md'), 'v2, longer\n');
    await writeFile(join(source, 'added.txt'), 'new\n');
    expect((await ws.cli(['backup', 'docs'])).code).to.equal(0);
    [second, first] = json<Array<{ id: string }>>(await ws.cli(['snapshots', '--json'])).map((s) => s.id) as [string, string];
    for (const role of ['viewer', 'operator']) tokens[role] = json<{ token: string }>(await ws.cli(['token', 'create', `r-${role}`, '--role', role, '--json'])).token;
    served = await serveWorkbench(ws);
    tokens['admin'] = served.adminToken;
  });

  after(async () => {
    await served?.stop();
    await ws?.remove();
  });

  it('searches a whole snapshot by part of a name, case-insensitively, and says when nothing matches', async () => {
    const found = await api<{ matches: Array<{ path: string }>; total: number }>('GET', `/api/v1/repositories/home/snapshots/${second}/search?q=quarterly`, 'viewer');
    expect(found.status).to.equal(200);
    expect(found.body.matches.map((m) => m.path)).to.deep.equal([join(source, 'Docs', 'Deep', 'Quarterly-Report.txt')]);
    const none = await api<{ matches: unknown[]; total: number }>('GET', `/api/v1/repositories/home/snapshots/latest/search?q=no-such-name`, 'viewer');
    expect(none.body).to.deep.include({ total: 0, matches: [] });
  });

  it('downloads a file byte for byte and a folder as tar or zip, through one-time links only an operator gets', async () => {
    const file = join(source, 'Docs', 'Deep', 'Quarterly-Report.txt');
    expect((await api('POST', `/api/v1/repositories/home/snapshots/${second}/download`, 'viewer', { path: file })).status).to.equal(403);
    const link = await api<{ url: string }>('POST', `/api/v1/repositories/home/snapshots/${second}/download`, 'operator', { path: file });
    const download = await fetch(new URL(link.body.url, served.url));
    expect(download.status).to.equal(200);
    expect(download.headers.get('content-disposition')).to.include('filename="Quarterly-Report.txt"');
    expect(Buffer.from(await download.arrayBuffer())).to.deep.equal(await readFile(file));
    expect((await fetch(new URL(link.body.url, served.url))).status, 'a link works once').to.equal(404);

    const folder = join(source, 'Docs');
    const tarLink = await api<{ url: string }>('POST', `/api/v1/repositories/home/snapshots/${first}/download`, 'operator', { path: folder, format: 'tar' });
    const tar = await fetch(new URL(tarLink.body.url, served.url));
    expect(tar.headers.get('content-type')).to.equal('application/x-tar');
    const tarFile = join(ws.path, 'docs.tar');
    await writeFile(tarFile, Buffer.from(await tar.arrayBuffer()));
    const listing = (await exec('tar', ['-tf', tarFile])).stdout.split('\n').filter(Boolean);
    expect(listing).to.include.members([`${folder.slice(1)}/gone.txt`, `${folder.slice(1)}/Deep/Quarterly-Report.txt`]);

    const zipLink = await api<{ url: string }>('POST', `/api/v1/repositories/home/snapshots/${first}/download`, 'operator', { path: folder, format: 'zip' });
    const zip = Buffer.from(await (await fetch(new URL(zipLink.body.url, served.url))).arrayBuffer());
    expect(zip.subarray(0, 4)).to.deep.equal(Buffer.from('PK\x03\x04', 'latin1'));
    expect(zip.includes(Buffer.from('Deep/Quarterly-Report.txt'))).to.equal(true);

    const missing = await api<{ url: string }>('POST', `/api/v1/repositories/home/snapshots/${second}/download`, 'operator', { path: join(source, 'nope.txt') });
    const refused = await fetch(new URL(missing.body.url, served.url));
    expect(refused.status).to.equal(404);
    expect(((await refused.json()) as { message: string }).message).to.include('is not in snapshot');
  });

  it('compares two snapshots: added, removed and changed paths', async () => {
    const diff = await api<{ added: string[]; removed: string[]; changed: string[] }>('GET', `/api/v1/repositories/home/diff?from=${first.slice(0, 8)}&to=${second}`, 'viewer');
    expect(diff.status).to.equal(200);
    expect(diff.body.added).to.deep.equal([join(source, 'added.txt')]);
    expect(diff.body.removed).to.deep.equal([join(source, 'Docs', 'gone.txt')]);
    expect(diff.body.changed).to.include(join(source, 'notes.md'));
  });

  it('tells before a restore where files land and which existing ones it would overwrite; below admin only where that role may restore', async () => {
    const original = { target: '/', include: [join(source, 'notes.md'), join(source, 'Docs', 'gone.txt')] };
    const impact = await api<{ files: number; overwrites: string[]; overwriteCount: number; destinations: Array<{ path: string; restoredTo: string }> }>(
      'POST', `/api/v1/repositories/home/snapshots/${first}/restore-impact`, 'admin', original);
    expect(impact.status).to.equal(200);
    expect(impact.body.files).to.equal(2);
    expect(impact.body.overwrites).to.deep.equal([join(source, 'notes.md')]);
    // An operator restores only into restore.allowedTargets: what exists elsewhere is none of its business.
    const refused = await api<{ error: string }>('POST', `/api/v1/repositories/home/snapshots/${first}/restore-impact`, 'operator', original);
    expect(refused.status).to.equal(403);
    expect(refused.body.error).to.equal('forbidden');
    const allowed = join(ws.dataDir, 'restores', 'here');
    const elsewhere = await api<{ overwriteCount: number; destinations: Array<{ restoredTo: string }> }>(
      'POST', `/api/v1/repositories/home/snapshots/${first}/restore-impact`, 'operator', { target: allowed, include: [join(source, 'notes.md')] });
    expect(elsewhere.status).to.equal(200);
    expect(elsewhere.body.overwriteCount).to.equal(0);
    expect(elsewhere.body.destinations[0]!.restoredTo).to.equal(join(allowed, source, 'notes.md'));
  });

  it('previews retention with unsaved rules from restic\'s own decisions, removing nothing', async () => {
    const preview = await api<{ decisions: Array<{ id: string; action: string; reasons: string[] }> }>('POST', '/api/v1/plans/docs/forget-preview', 'operator', { rules: { keepLast: 1 } });
    expect(preview.status).to.equal(200);
    expect(preview.body.decisions.map((d) => `${d.id}:${d.action}`)).to.deep.equal([`${second}:keep`, `${first}:remove`]);
    expect(preview.body.decisions[0]!.reasons).to.deep.equal(['last snapshot']);
    expect(json<unknown[]>(await ws.cli(['snapshots', '--json']))).to.have.length(2);
    expect((await api('POST', '/api/v1/plans/docs/forget-preview', 'operator', { rules: {} })).status).to.equal(400);
  });

  it('edits a plan\'s whole entry (relative paths refused with the field named), renames it (rules and policies follow), and previews its schedule', async () => {
    const entry = (await api<Record<string, unknown>>('GET', '/api/v1/plans/docs/config', 'viewer')).body;
    const relative = await api<{ issues?: Array<{ field: string }> }>('PUT', '/api/v1/plans/docs/config', 'admin', { ...entry, paths: ['relative/dir'] });
    expect(relative.status).to.equal(400);
    expect(relative.body.issues?.[0]?.field).to.match(/^body\.paths/);
    const badCron = await api<{ issues?: Array<{ jsonPath: string; message: string }> }>('PUT', '/api/v1/plans/docs/config', 'admin', { ...entry, schedule: 'every day' });
    expect(badCron.status).to.equal(400);
    expect(badCron.body.issues?.[0]?.jsonPath).to.equal('/plans/docs/schedule');
    // A tag of TimeLocker's own would put this plan's snapshots under another plan's retention.
    const ownTag = await api('PUT', '/api/v1/plans/docs/config', 'admin', { ...entry, tags: ['plan:other'] });
    expect(ownTag.status).to.equal(400);
    expect(JSON.stringify(ownTag.body)).to.include('nor start with \\"plan:\\"');
    const saved = await api('PUT', '/api/v1/plans/docs/config', 'admin', { ...entry, schedule: '30 2 * * *', retention: { keepDaily: 7 }, window: { start: '22:00', end: '06:00' } });
    expect(saved.status, JSON.stringify(saved.body)).to.equal(200);
    expect((await api('PUT', '/api/v1/plans/docs/config', 'operator', entry)).status).to.equal(403);

    const preview = await api<{ runs: string[] }>('GET', `/api/v1/schedules/preview?schedule=${encodeURIComponent('30 2 * * *')}`, 'viewer');
    expect(preview.body.runs).to.have.length(5);
    expect(preview.body.runs.map((r) => new Date(r).getHours())).to.deep.equal([2, 2, 2, 2, 2]);
    expect((await api<{ problem: string }>('GET', '/api/v1/schedules/preview?schedule=nope', 'viewer')).body.problem).to.include('is not a cron schedule');

    const naming: Array<[string, unknown]> = [
      ['notifications', { notifiers: { hook: { type: 'webhook', url: 'http://127.0.0.1:9/unused' } }, rules: [{ events: ['check.failed'], notifiers: ['hook'], plans: ['docs'] }] }],
      ['policies', [{ rule: 'min-retention', severity: 'warning', options: { keepDaily: 7 }, plans: ['docs'] }]],
    ];
    for (const [section, value] of naming) {
      const set = await api('PUT', '/api/v1/config/value', 'admin', { path: [section], value });
      expect(set.status, JSON.stringify(set.body)).to.equal(200);
    }
    const renamed = await api<{ name: string }>('POST', '/api/v1/plans/docs/rename', 'admin', { to: 'documents' });
    expect(renamed.body.name).to.equal('documents');
    const config = JSON.parse(await readFile(ws.configFile, 'utf8')) as {
      plans: Record<string, { schedule?: string }>; notifications: { rules: Array<{ plans: string[] }> }; policies: Array<{ plans: string[] }>;
    };
    expect(Object.keys(config.plans)).to.deep.equal(['documents']);
    expect(config.plans['documents']!.schedule).to.equal('30 2 * * *');
    expect(config.notifications.rules[0]!.plans).to.deep.equal(['documents']);
    expect(config.policies[0]!.plans).to.deep.equal(['documents']);
  });

  it('edits and renames a repository without touching its data; sets one config value with a compare-and-swap', async () => {
    const entry = (await api<Record<string, unknown>>('GET', '/api/v1/repositories/home/config', 'viewer')).body;
    expect(entry).to.deep.include({ backend: 'local', password: { env: 'TL_ROUTES_PASSWORD' } });
    expect((await api('PUT', '/api/v1/repositories/home/config', 'admin', { ...entry, backend: 's3' })).status).to.equal(400);
    const edited = await api('PUT', '/api/v1/repositories/home/config', 'admin', { ...entry, check: { schedule: '@weekly', readDataSubset: '5%' } });
    expect(edited.status, JSON.stringify(edited.body)).to.equal(200);
    const renamed = await api('POST', '/api/v1/repositories/home/rename', 'admin', { to: 'vault' });
    expect(renamed.status, JSON.stringify(renamed.body)).to.equal(200);
    expect(json<unknown[]>(await ws.cli(['snapshots', '--repo', 'vault', '--json']))).to.have.length(2);

    const read = await api<{ etag: string }>('GET', '/api/v1/config', 'viewer');
    const set = await api<{ etag: string }>('PUT', '/api/v1/config/value', 'admin', { path: ['limits', 'uploadKiBps'], value: 2048 }, { 'if-match': read.body.etag });
    expect(set.status).to.equal(200);
    expect(JSON.parse(await readFile(ws.configFile, 'utf8'))).to.deep.include({ limits: { uploadKiBps: 2048 } });
    expect((await api('PUT', '/api/v1/config/value', 'admin', { path: ['limits', 'nice'], value: 5 }, { 'if-match': read.body.etag })).status, 'stale etag').to.equal(412);
    const invalid = await api<{ issues: Array<{ jsonPath: string }> }>('PUT', '/api/v1/config/value', 'admin', { path: ['limits', 'nice'], value: 99 });
    expect(invalid.status).to.equal(400);
    expect(invalid.body.issues[0]!.jsonPath).to.equal('/limits/nice');
  });

  it('hook policies: a failing "fail" hook stops the backup and onError hears why; "warn" only warns; a timeout stops everything the hook started', async () => {
    const snapshots = async (): Promise<number> => {
      // A backup's follow-up (forget, by the plan's retention) holds the repository's exclusive lock for a moment.
      await pollUntil('no job running', async () => ((await api<{ total: number }>('GET', '/api/v1/jobs?status=running', 'viewer')).body.total === 0
        && (await api<{ total: number }>('GET', '/api/v1/jobs?status=queued', 'viewer')).body.total === 0 ? true : undefined), 60_000);
      const listed = await api<unknown[]>('GET', '/api/v1/snapshots?plan=documents', 'viewer');
      expect(listed.status, JSON.stringify(listed.body)).to.equal(200);
      return listed.body.length;
    };
    const before = await snapshots();
    await api('PUT', '/api/v1/plans/documents/hooks', 'admin', {
      before: [{ command: 'echo cannot stop the database; exit 7' }], onError: [{ command: 'echo "cleanup after $TIMELOCKER_STATUS: $TIMELOCKER_ERROR"' }],
    });
    const failed = await backupWithLog();
    expect(failed.job.status).to.equal('failed');
    expect(failed.job.error).to.match(/before hook "echo cannot stop the database; exit 7" failed: exit 7: cannot stop the database/);
    expect(failed.lines.join('\n')).to.include('cleanup after failed: before hook "echo cannot stop the database; exit 7" failed: exit 7');
    expect(await snapshots(), 'restic never ran').to.equal(before);

    await api('PUT', '/api/v1/plans/documents/hooks', 'admin', { after: [{ command: 'exit 3', onFailure: 'warn' }] });
    const warned = await backupWithLog();
    expect(warned.job).to.deep.include({ status: 'succeeded', error: 'after hook "exit 3" failed: exit 3' });
    expect(await snapshots()).to.equal(before + 1);

    const pidFile = join(ws.path, 'sleeper.pid');
    await api('PUT', '/api/v1/plans/documents/hooks', 'admin', { before: [{ command: `sleep 60 & echo $! > ${pidFile}; wait`, timeoutSeconds: 1 }] });
    const started = Date.now();
    const timedOut = await backupWithLog();
    expect(Date.now() - started).to.be.lessThan(30_000);
    expect(timedOut.job.error).to.include('timed out after 1 s');
    const sleeper = Number(await readFile(pidFile, 'utf8'));
    await pollUntil('the hook\'s child process to be gone', async () => ((await processGone(sleeper)) ? true : undefined), 5_000);
    await api('PUT', '/api/v1/plans/documents/hooks', 'admin', {});
  });

  it('lets only an admin change hooks, and streams a hook\'s output as the job\'s log', async () => {
    expect((await api('PUT', '/api/v1/hooks', 'operator', { before: [{ command: 'id' }] })).status).to.equal(403);
    const put = await api('PUT', '/api/v1/plans/documents/hooks', 'admin', { before: [{ command: 'echo "hook says $TIMELOCKER_PLAN"' }] });
    expect(put.status, JSON.stringify(put.body)).to.equal(200);
    expect((await api<{ plans: Record<string, unknown> }>('GET', '/api/v1/hooks', 'viewer')).body.plans).to.have.keys('documents');
    const { lines } = await backupWithLog();
    expect(lines).to.include('  hook says documents');
  });
});
