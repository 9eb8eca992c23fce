import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'chai';
import { pollUntil } from '@timelocker/plugin-api/testing';
import { json, type CliResult } from '../support/cli.js';
import { makeSourceTree } from '../support/source-tree.js';
import { TestWorkspace } from '../support/workspace.js';
import { WorkbenchProcess } from '../browser/support/workbench-process.js';
import { fixture } from './plugin-kernel.js';

const PASSWORD = 'unavailable plugin e2e';
const PLUGIN = 'fixtures.all-kinds';

interface PluginJson { readonly id: string; readonly state: string; readonly error?: string; readonly failedAt?: string }
interface TrailLine { readonly seq: number; readonly type: string }

/**
 * An outside plugin contributing every kind (backend, notifier, policy rule, report format, audit sink, command, view) is used by
 * a real config, then disabled: what needs it is reported inactive and fails naming it; everything else still works.
 * Real CLI processes, real plugin host, real restic.
 */
describe('a disabled or failed plugin breaks nothing else (CLI and REST, real restic)', function () {
  this.timeout(240_000);
  let ws: TestWorkspace;
  let source: string;
  let notes: string;
  let trail: string;

  /** What the plugin's audit sink received, in the order it received it. */
  const trailLines = async (): Promise<TrailLine[]> =>
    (existsSync(trail) ? (await readFile(trail, 'utf8')).trim().split('\n').filter(Boolean) : []).map((l) => JSON.parse(l) as TrailLine);

  const cli = (args: readonly string[]): Promise<CliResult> =>
    ws.cli(['--plugin-dir', fixture('all-kinds'), '--plugin-dir', fixture('throws-on-activate'), ...args], { env: { TL_E2E_PASSWORD: PASSWORD } });
  const ok = (result: CliResult): CliResult => {
    expect(result.code, `${result.stdout}\n${result.stderr}`).to.equal(0);
    return result;
  };
  const config = (remote: string, notesFile = notes): object => ({
    repositories: {
      home: { backend: 'local', path: join(ws.path, 'repo-home'), password: { env: 'TL_E2E_PASSWORD' } },
      mirror: { backend: 'fixtures.mirror', path: join(ws.path, 'repo-mirror'), remote, password: { env: 'TL_E2E_PASSWORD' } },
    },
    plans: {
      docs: { repository: 'home', paths: [source], tags: ['weekly'] },
      copy: { repository: 'mirror', paths: [source] },
    },
    notifications: {
      notifiers: { jl: { type: 'fixtures.jsonl', file: notesFile } },
      rules: [{ events: ['backup.succeeded', 'backup.failed'], notifiers: ['jl'] }],
    },
    policies: [{ rule: 'fixtures.tagged', options: { tag: 'weekly' } }],
    auditSinks: { trail: { type: 'fixtures.log', file: trail } },
    plugins: { [PLUGIN]: { prefix: 'TL', remotes: ['nas'] } },
  });

  before(async () => {
    ws = await TestWorkspace.create();
    source = join(ws.path, 'source');
    notes = join(ws.path, 'notes.jsonl');
    trail = join(ws.path, 'trail.jsonl');
    await makeSourceTree(source);
    await mkdir(join(ws.path, 'config'), { recursive: true });
    await writeFile(ws.configFile, JSON.stringify(config('nas'), null, 2));
    ok(await cli(['repo', 'init', 'home']));
    ok(await cli(['repo', 'init', 'mirror']));
  });
  after(() => ws?.remove());

  it('while enabled, every kind works: the backend, the notifier (with the plugin\'s settings), the policy rule and the audit sink', async () => {
    ok(await cli(['backup', 'copy']));
    const backup = ok(await cli(['backup', 'docs']));
    expect(backup.stderr).to.include('plan docs is tagged weekly');
    const lines = (await readFile(notes, 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as { prefix: string; event: string });
    expect(lines.map((l) => `${l.prefix} ${l.event}`)).to.deep.equal(['TL backup.succeeded', 'TL backup.succeeded']);
    expect(ok(await cli(['report', 'backup-jobs', '--format', 'fixtures.md', '--out', join(ws.path, 'jobs.md')])).code).to.equal(0);
    const delivered = await trailLines();
    expect(delivered.filter((l) => l.type === 'backup.succeeded'), 'each CLI run hands its audit entries to the sink').to.have.length(2);
    expect(delivered.map((l) => l.type)).to.include('report.generated');
  });

  it('config validate runs the backend\'s and the notifier\'s own validate through the plugin host: errors at their lines', async () => {
    const file = join(ws.path, 'other.json');
    await writeFile(file, JSON.stringify(config('nowhere', 'notes.jsonl'), null, 2));
    const result = await cli(['config', 'validate', file]);
    expect(result.code).to.equal(2);
    expect(result.stderr).to.match(/other\.json:\d+:\d+: \/repositories\/mirror\/remote: backend "fixtures\.mirror": remote "nowhere" is not configured \(remotes: nas\)/);
    expect(result.stderr).to.match(/other\.json:\d+:\d+: \/notifications\/notifiers\/jl\/file: notifier "fixtures\.jsonl": must be an absolute path/);
    expect(ok(await cli(['config', 'validate'])).stdout).to.match(/: valid\n/);
  });

  it('disabled: config stays valid with a warning per entry naming the plugin and its state; only what needs it fails', async () => {
    ok(await cli(['plugin', 'disable', PLUGIN]));
    const validate = ok(await cli(['config', 'validate']));
    expect(validate.stdout).to.match(/valid \(4 warnings\)/);
    const why = `plugin ${PLUGIN} is disabled \\(enable it with: timelocker plugin enable ${PLUGIN}\\)`;
    expect(validate.stderr).to.match(new RegExp(`warning: /repositories/mirror: repository "mirror" is inactive: backend "fixtures.mirror" is unavailable: ${why}`));
    expect(validate.stderr).to.match(new RegExp(`warning: /notifications/notifiers/jl: notifier "jl" is inactive: notifier "fixtures.jsonl" is unavailable: ${why}`));
    expect(validate.stderr).to.match(new RegExp(`warning: /policies/0: policies\\[0\\] is inactive: policy rule "fixtures.tagged" is unavailable: ${why}`));
    expect(validate.stderr).to.match(new RegExp(`warning: /auditSinks/trail: audit sink "trail" is inactive: audit sink "fixtures.log" is unavailable: ${why}`));

    const before = (await readFile(notes, 'utf8')).split('\n').length;
    const trailBefore = (await trailLines()).length;
    ok(await cli(['backup', 'docs']));
    expect((await readFile(notes, 'utf8')).split('\n').length, 'nothing sent through the disabled notifier').to.equal(before);
    expect((await trailLines()).length, 'nothing handed to the disabled audit sink (its entries stay queued)').to.equal(trailBefore);

    const copy = await cli(['backup', 'copy']);
    expect(copy.code).to.equal(1);
    expect(copy.stderr).to.match(new RegExp(`repository "mirror" is inactive: backend "fixtures.mirror" is unavailable: ${why}`));

    const report = await cli(['report', 'backup-jobs', '--format', 'fixtures.md', '--out', join(ws.path, 'again.md')]);
    expect(report.code).to.equal(1);
    expect(report.stderr).to.match(new RegExp(`report format "fixtures.md" is unavailable: ${why}`));
    ok(await cli(['report', 'backup-jobs', '--format', 'csv', '--out', join(ws.path, 'jobs.csv')]));

    const status = ok(await cli(['status']));
    expect(status.stdout).to.match(/docs\s+home/);
    expect(status.stderr).to.include('warning: repository "mirror" is inactive').and.include('warning: notifier "jl" is inactive')
      .and.include('warning: audit sink "trail" is inactive');
    expect(existsSync(join(ws.dataDir, 'plugin-data', PLUGIN, 'deactivated')), 'deactivate() ran when the CLI process ended').to.equal(true);
  });

  it('a failed activation is remembered with its reason in every later process; --activate exits 1', async () => {
    const activate = await cli(['plugins', 'list', '--activate']);
    expect(activate.code).to.equal(1);
    expect(activate.stderr).to.include('1 plugin failed to activate: fixtures.throws-on-activate');
    const listed = json<PluginJson[]>(await cli(['plugins', 'list', '--json']));
    const failed = listed.find((p) => p.id === 'fixtures.throws-on-activate')!;
    expect(failed).to.include({ state: 'failed', error: 'activate() of fixtures.throws-on-activate failed: boom on activate' });
    expect(Date.parse(failed.failedAt!)).to.be.closeTo(Date.now(), 60_000);
    expect(listed.find((p) => p.id === PLUGIN)?.state).to.equal('disabled');
    expect(listed.find((p) => p.id === 'timelocker.local')?.state).to.equal('inactive');
  });

  it('over REST: the same states, inactive entries, 503 naming the plugin for what needs it; re-enabled, all works again', async () => {
    const text = JSON.parse(await readFile(ws.configFile, 'utf8')) as { repositories: Record<string, object> };
    text.repositories['broken'] = { backend: 'fixtures.broken-store', password: { env: 'TL_E2E_PASSWORD' } };
    await writeFile(ws.configFile, JSON.stringify(text, null, 2));
    const server = await WorkbenchProcess.start(ws, { pluginDirs: [fixture('all-kinds'), fixture('throws-on-activate')], env: { TL_E2E_PASSWORD: PASSWORD } });
    try {
      const api = (path: string, init: RequestInit = {}): Promise<Response> =>
        fetch(new URL(`/api/v1${path}`, server.baseUrl), { ...init, headers: { authorization: `Bearer ${server.adminToken}`, ...init.headers } });
      // The server retries the failing plugin whenever something needs its backend (the file index catching up with
      // every repository), so it is briefly "activating" now and then: states and inactive entries are read until one
      // reading shows the settled picture, within the deadline.
      const expected = [
        `repository "mirror" ${PLUGIN} disabled`, `repository "broken" fixtures.throws-on-activate failed`,
        `notifier "jl" ${PLUGIN} disabled`, `policies[0] ${PLUGIN} disabled`, `audit sink "trail" ${PLUGIN} disabled`,
      ].sort();
      let last: { plugins: PluginJson[]; inactive: string[] } | undefined;
      const settled = await pollUntil('the inactive entries to list every entry of the disabled and the failed plugin', async () => {
        const plugins = (await (await api('/plugins')).json()) as PluginJson[];
        const entries = (await (await api('/plugins/inactive-entries')).json()) as Array<{ entry: string; pluginId: string; state: string }>;
        last = { plugins, inactive: entries.map((e) => `${e.entry} ${e.pluginId} ${e.state}`).sort() };
        return JSON.stringify(last.inactive) === JSON.stringify(expected) && !plugins.some((p) => p.state === 'activating') ? last : undefined;
      }, 30_000).catch((error: Error) => {
        throw new Error(`${error.message}; last reading: ${JSON.stringify(last?.inactive)}`);
      });
      expect(settled.plugins.find((p) => p.id === PLUGIN)?.state).to.equal('disabled');
      expect(settled.plugins.find((p) => p.id === 'fixtures.throws-on-activate')).to.include({ state: 'failed' });

      const snapshots = await api('/snapshots?repository=mirror');
      expect(snapshots.status).to.equal(503);
      expect(((await snapshots.json()) as { message: string }).message).to.include(`plugin ${PLUGIN} is disabled`);
      const broken = await api('/repositories/broken/test', { method: 'POST' });
      expect(broken.status).to.equal(503);
      expect(((await broken.json()) as { message: string }).message).to.include('fixtures.throws-on-activate failed to activate').and.include('boom on activate');
      const report = await api('/reports/generate', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ type: 'backup-jobs', format: 'fixtures.md' }) });
      expect(report.status).to.equal(503);
      const view = await api('/views/fixtures.all-kinds.remotes/children');
      expect(view.status).to.equal(503);
      expect(((await view.json()) as { message: string }).message).to.include(`view "fixtures.all-kinds.remotes" is unavailable: plugin ${PLUGIN} is disabled`);
      const ping = { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' };
      expect((await api('/commands/fixtures.all-kinds.ping', ping)).status).to.equal(503);
      expect((await api('/snapshots?repository=home')).status).to.equal(200);

      expect((await api(`/plugins/${PLUGIN}/enable`, { method: 'POST' })).status).to.equal(200);
      const remotes = (await (await api('/views/fixtures.all-kinds.remotes/children')).json()) as Array<{ item: { label: string } }>;
      expect(remotes.map((n) => n.item.label), 'the view reads the plugin\'s settings').to.deep.equal(['nas']);
      expect(await (await api('/commands/fixtures.all-kinds.ping', ping)).json()).to.deep.equal({ result: 'pong' });
      // What was audited while the sink's plugin was disabled stayed queued: it arrives now, in chain order, with no gap.
      const delivered = await pollUntil('the audit sink to receive the entries queued while its plugin was disabled', async () => {
        const lines = await trailLines();
        return lines.some((l) => l.type === 'plugin.enabled') ? lines : undefined;
      });
      const seqs = delivered.map((l) => l.seq);
      expect(seqs.slice(1).every((seq, i) => seq === seqs[i]! + 1), `contiguous and in order: ${seqs.join(' ')}`).to.equal(true);
      expect(delivered.filter((l) => l.type === 'backup.succeeded'), 'with the backup made while it was disabled').to.have.length(3);
      // A plugin's error keeps its message (502), with every secret TimeLocker knows masked (the password was just used).
      const fail = await api('/commands/fixtures.all-kinds.fail', { ...ping, body: JSON.stringify({ args: [`the password is ${PASSWORD}`] }) });
      expect(fail.status).to.equal(502);
      const failed = (await fail.json()) as { message: string };
      expect(failed.message).to.include(`plugin ${PLUGIN}`).and.include('cannot do it: the password is ***');
      expect(failed.message).not.to.include(PASSWORD);
      const mirror = await api('/snapshots?repository=mirror');
      expect(mirror.status, await mirror.clone().text()).to.equal(200);
      expect(((await mirror.json()) as unknown[]).length).to.equal(1);
    } finally {
      await server.stop();
    }
  });
});
