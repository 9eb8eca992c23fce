import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { expect } from 'chai';
import { parse, type ParseError } from 'jsonc-parser';
import { pollUntil } from '@timelocker/plugin-api/testing';
import { json } from '../support/cli.js';
import { TestWorkspace } from '../support/workspace.js';
import { serveWorkbench, type ServedWorkbench } from '../api/serve-process.js';
import { openEventStream, type OpenEventStream, type ReceivedEvent } from '../api/sse-client.js';
import { startHookReceiver, type HookReceiver } from '../notifications/test-receivers.js';
import { editConfig, plansOf, workspaceWithRepo } from '../support/workspace-with-repo.js';

interface JobJson { id: string; plan?: string; kind: string; queuedAt: string; status: string; error?: string }
interface ScheduleJson { plan?: string; schedule: string; nextRun?: string }
interface AuditJson { actor: string; details: { via?: string; added?: string[]; changed?: string[] } }

describe('config writes from many processes (real CLI, real server)', function () {
  this.timeout(180_000);

  it('keeps every update of `plan add` from 2 processes at a time, 25 each (50 plans), a valid file and its comments', async () => {
    const ws = await TestWorkspace.create();
    try {
      await mkdir(dirname(ws.configFile), { recursive: true });
      await writeFile(ws.configFile, [
        '{',
        '  // the NAS in the hallway',
        `  "repositories": { "nas": { "backend": "local", "path": "${join(ws.path, 'repo')}" } },`,
        '  "plans": {} /* filled by the CLI */',
        '}',
        '',
      ].join('\n'));
      // Two terminals, each adding 25 plans one after the other: every add races one of the other's.
      const terminal = async (name: string): Promise<void> => {
        for (let i = 0; i < 25; i++) {
          const result = await ws.cli(['plan', 'add', `${name}-${i}`, '--repo', 'nas', '--path', `/srv/${name}/${i}`]);
          expect(result.code, result.stderr).to.equal(0);
        }
      };
      await Promise.all([terminal('a'), terminal('b')]);
      const text = await readFile(ws.configFile, 'utf8');
      const errors: ParseError[] = [];
      const config = parse(text, errors) as { plans: Record<string, unknown> };
      expect(errors).to.deep.equal([]);
      expect(Object.keys(config.plans)).to.have.length(50);
      expect(text).to.include('// the NAS in the hallway').and.include('/* filled by the CLI */');
      const validated = await ws.cli(['config', 'validate']);
      expect(validated.code, validated.stderr).to.equal(0);
      const audited = json<AuditJson[]>(await ws.cli(['audit', 'list', '--type', 'config.changed', '--json']));
      expect(audited.filter((e) => e.details.via === 'modify'), 'each change audited once, with its actor').to.have.length(50);
    } finally {
      await ws.remove();
    }
  });

  describe('a running server hears every change to the file', () => {
    let ws: Awaited<ReturnType<typeof workspaceWithRepo>>['ws'];
    let source: string;
    let served: ServedWorkbench;
    let receiver: HookReceiver;
    let stream: OpenEventStream;
    const events: ReceivedEvent[] = [];

    before(async () => {
      ({ ws, source } = await workspaceWithRepo(64 * 1024));
      receiver = await startHookReceiver();
      const config = JSON.parse(await readFile(ws.configFile, 'utf8')) as Record<string, unknown>;
      // Two plans that would next run in a year.
      plansOf(config)['by-editor'] = { repository: 'home', paths: [source], schedule: '0 0 1 1 *' };
      plansOf(config)['by-api'] = { repository: 'home', paths: [source], schedule: '0 0 1 1 *' };
      // One run by hand only; it keeps 3 dailies (no forget after its backups: one restic run per backup here).
      plansOf(config)['by-hand'] = { repository: 'home', paths: [source], retention: { keepDaily: 3 }, afterBackup: 'none' };
      await writeFile(ws.configFile, JSON.stringify(config, null, 2));
      served = await serveWorkbench(ws);
      stream = await openEventStream(new URL(`/api/v1/events?access_token=${encodeURIComponent(served.adminToken)}`, served.url).href, (e) => events.push(e));
    });

    after(async () => {
      stream?.close();
      await served?.stop();
      await receiver?.stop();
      await ws?.remove();
    });

    const api = async (method: string, path: string, init: { body?: string; headers?: Record<string, string> } = {}): Promise<Response> =>
      fetch(new URL(path, served.url), { method, headers: { authorization: `Bearer ${served.adminToken}`, ...init.headers }, ...(init.body !== undefined ? { body: init.body } : {}) });

    async function firstBackupOf(plan: string): Promise<JobJson> {
      return pollUntil(`a backup of ${plan}`, async () => json<JobJson[]>(await ws.cli(['jobs', '--json'])).find((j) => j.plan === plan && j.kind === 'backup'), 30_000);
    }

    /**
     * The running scheduler took the plan's new every-second schedule without a restart (its own list shows the new
     * expression with a next run), and the plan's first backup is one that schedule queued after the change.
     */
    async function rearmedBy(plan: string, changedAt: number): Promise<void> {
      await pollUntil(`the scheduler to take the new schedule of ${plan}`, async () => {
        const tasks = await (await api('GET', '/api/v1/schedules')).json() as ScheduleJson[];
        return tasks.find((t) => t.plan === plan && t.schedule === '* * * * * *' && t.nextRun !== undefined);
      }, 30_000);
      const job = await firstBackupOf(plan);
      expect(Date.parse(job.queuedAt), 'queued after the change').to.be.at.least(changedAt);
    }

    /** Edits the file as a text editor would, and waits until the server announced that very text (its ETag). */
    async function editAndWaitForServer(edit: (config: Record<string, unknown>) => void): Promise<void> {
      await editConfig(ws, edit);
      const { etag } = await (await api('GET', '/api/v1/config')).json() as { etag: string };
      await pollUntil('the server to announce the edit', async () => events.find((e) => e.event === 'config.changed' && e.data['etag'] === etag), 10_000);
    }

    /** A manual backup of `plan` through the API, to its end. */
    async function backupNow(plan: string): Promise<JobJson> {
      const started = await api('POST', '/api/v1/jobs', { body: JSON.stringify({ kind: 'backup', plan }), headers: { 'content-type': 'application/json' } });
      expect(started.status, await started.clone().text()).to.equal(202);
      const { id } = await started.json() as JobJson;
      return pollUntil(`backup job ${id} to end`, async () => {
        const job = await (await api('GET', `/api/v1/jobs/${id}`)).json() as JobJson;
        return job.status === 'queued' || job.status === 'running' ? undefined : job;
      }, 60_000);
    }

    it('a notifier added by a plain edit of the file is used by the next job, without a restart', async () => {
      await editAndWaitForServer((config) => {
        config['notifications'] = {
          notifiers: { hook: { type: 'webhook', url: receiver.url } },
          rules: [{ events: ['backup.succeeded'], notifiers: ['hook'], plans: ['by-hand'] }],
        };
      });
      const job = await backupNow('by-hand');
      expect(job.status, job.error).to.equal('succeeded');
      const hook = await pollUntil('the webhook to hear the backup', async () => receiver.hooks.find((h) => h.body['event'] === 'backup.succeeded'), 10_000);
      expect(hook.body['details']).to.include({ plan: 'by-hand', status: 'succeeded' });
    });

    it('a policy added by a plain edit of the file applies to the next operation, without a restart', async () => {
      await editAndWaitForServer((config) => {
        config['policies'] = [{ rule: 'min-retention', options: { keepDaily: 7 }, plans: ['by-hand'] }];
      });
      const job = await backupNow('by-hand');
      expect(job.status).to.equal('failed');
      expect(job.error).to.include('min-retention').and.include('the policy requires at least 7');
      // The settings editor would refuse to save a config this policy blocks (the next test saves one).
      await editAndWaitForServer((config) => {
        delete config['policies'];
      });
    });

    it('a schedule changed through PUT /config (the settings editor) runs at once, and the save is audited with the token', async () => {
      const current = await (await api('GET', '/api/v1/config')).json() as { text: string; etag: string };
      const text = current.text.replace(/("by-api"[^}]*"schedule": )"0 0 1 1 \*"/, '$1"* * * * * *"');
      expect(text).not.to.equal(current.text);
      const changedAt = Date.now();
      const saved = await api('PUT', '/api/v1/config', { body: text, headers: { 'content-type': 'text/plain', 'if-match': current.etag } });
      expect(saved.status, await saved.clone().text()).to.equal(200);
      await rearmedBy('by-api', changedAt);
      const stale = await api('PUT', '/api/v1/config', { body: text, headers: { 'content-type': 'text/plain', 'if-match': current.etag } });
      expect(stale.status).to.equal(412);
      // Back to once a year, so no backup of it runs beside the next test's.
      const back = await api('PUT', '/api/v1/config', { body: current.text, headers: { 'content-type': 'text/plain', 'if-match': saved.headers.get('etag')! } });
      expect(back.status).to.equal(200);
      const audited = json<AuditJson[]>(await ws.cli(['audit', 'list', '--type', 'config.changed', '--json']));
      const saves = audited.filter((e) => e.details.via === 'replace');
      expect(saves.map((e) => [e.actor, e.details.changed])).to.deep.equal([['api:session-1', ['/plans/by-api/schedule']], ['api:session-1', ['/plans/by-api/schedule']]]);
    });

    it('a schedule changed by a plain edit of the file runs at once, and the edit is audited as a file edit', async () => {
      const text = await readFile(ws.configFile, 'utf8');
      const edited = text.replace(/("by-editor"[^}]*"schedule": )"0 0 1 1 \*"/, '$1"* * * * * *"');
      expect(edited).not.to.equal(text);
      const changedAt = Date.now();
      await writeFile(ws.configFile, edited);
      await rearmedBy('by-editor', changedAt);
      const audited = json<AuditJson[]>(await ws.cli(['audit', 'list', '--type', 'config.changed', '--json']));
      const edit = audited.filter((e) => e.details.changed?.includes('/plans/by-editor/schedule'));
      expect(edit.map((e) => [e.actor, e.details.via])).to.deep.equal([['file-edit', 'file']]);
    });
  });
});
