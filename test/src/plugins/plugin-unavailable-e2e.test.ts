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

const FAILED = 'fixtures.throws-on-activate';

interface PluginJson { readonly id: string; readonly state: string; readonly error?: string; readonly failedAt?: string }

/** Why an entry of the plugin whose activation throws is unavailable, and what to do. */
const failedWhy = `plugin ${FAILED} failed to activate at \\S+: activate\\(\\) of ${FAILED} failed: boom on activate \\(see: timelocker plugins list\\)`;
const missingWhy = (noun: string): string => `no installed plugin contributes it \\(installed ${noun}s: [^)]*\\)`;

/**
 * One config entry of each kind whose plugin failed to activate (fixtures.throws-on-activate) or is not installed at
 * all (acme.*), with the CLI command that needs it (exit 1 naming the plugin) where there is one.
 */
const unavailableEntries = [
  { path: '/repositories/broken', entry: 'repository "broken"', noun: 'backend', id: 'fixtures.broken-store', why: failedWhy, needs: ['repo', 'test', 'broken'] },
  { path: '/repositories/gone', entry: 'repository "gone"', noun: 'backend', id: 'acme.gone-store', why: missingWhy('backend'), needs: ['repo', 'test', 'gone'] },
  { path: '/notifications/notifiers/bn', entry: 'notifier "bn"', noun: 'notifier', id: 'fixtures.broken-notes', why: failedWhy, needs: ['notify', 'test', 'bn'] },
  { path: '/notifications/notifiers/gn', entry: 'notifier "gn"', noun: 'notifier', id: 'acme.gone-notes', why: missingWhy('notifier'), needs: ['notify', 'test', 'gn'] },
  { path: '/policies/1', entry: 'policies[1]', noun: 'policy rule', id: 'fixtures.broken-rule', why: failedWhy },
  { path: '/policies/2', entry: 'policies[2]', noun: 'policy rule', id: 'acme.gone-rule', why: missingWhy('policy rule') },
  { path: '/auditSinks/bs', entry: 'audit sink "bs"', noun: 'audit sink', id: 'fixtures.broken-sink', why: failedWhy },
  { path: '/auditSinks/gs', entry: 'audit sink "gs"', noun: 'audit sink', id: 'acme.gone-sink', why: missingWhy('audit sink') },
] as const;

interface ConfigShape {
  repositories: Record<string, object>;
  notifications: { notifiers: Record<string, object>; rules: Array<{ notifiers: string[] }> };
  policies: object[];
  auditSinks: Record<string, object>;
}

/** The config with every entry of `unavailableEntries` added; the rule sends backups to the unusable notifiers too. */
function withUnavailableEntries(base: object): object {
  const config = structuredClone(base) as ConfigShape;
  config.repositories['broken'] = { backend: 'fixtures.broken-store', password: { env: 'TL_E2E_PASSWORD' } };
  config.repositories['gone'] = { backend: 'acme.gone-store', password: { env: 'TL_E2E_PASSWORD' } };
  config.notifications.notifiers['bn'] = { type: 'fixtures.broken-notes' };
  config.notifications.notifiers['gn'] = { type: 'acme.gone-notes' };
  config.notifications.rules[0]!.notifiers.push('bn', 'gn');
  config.policies.push({ rule: 'fixtures.broken-rule' }, { rule: 'acme.gone-rule' });
  config.auditSinks['bs'] = { type: 'fixtures.broken-sink' };
  config.auditSinks['gs'] = { type: 'acme.gone-sink' };
  return config;
}
interface TrailLine { readonly seq: number; readonly type: string }

/**
 * An outside plugin contributing every kind (backend, notifier, policy rule, report format, audit sink, command, view) is used by
 * a real config, then disabled; beside it, entries of every kind whose plugin cannot activate or is not installed: what
 * needs them is reported inactive and fails naming the plugin; everything else still works. One data dir throughout.
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
    ws.cli(['--plugin-dir', fixture('all-kinds'), '--plugin-dir', fixture(FAILED.slice('fixtures.'.length)), ...args], { env: { TL_E2E_PASSWORD: PASSWORD } });
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
    const backup = ok(await cli(['backup', 'docs']));
    expect(backup.stderr, 'no delivery attempt (and warning) for the inactive audit sink at the end of a command').to.not.include('delivery failed');
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

  it('entries of a failed or a not installed plugin, every kind: inactive naming the plugin and why; backups run; what needs them exits 1 saying so', async () => {
    await writeFile(ws.configFile, JSON.stringify(withUnavailableEntries(config('nas')), null, 2));
    const validate = ok(await cli(['config', 'validate']));
    for (const e of unavailableEntries) {
      const warning = `warning: ${e.path}: ${e.entry.replace(/[[\]]/g, '\\$&')} is inactive: ${e.noun} "${e.id}" is unavailable: ${e.why}`;
      expect(validate.stderr, e.path).to.match(new RegExp(warning));
    }
    const backup = ok(await cli(['backup', 'docs']));
    expect(backup.stderr).to.match(new RegExp(`notifier "bn" is inactive: notifier "fixtures.broken-notes" is unavailable: ${failedWhy}`));

    for (const e of unavailableEntries.filter((entry) => 'needs' in entry)) {
      const used = await cli(e.needs);
      expect(used.code, `${e.needs.join(' ')}: ${used.stderr}`).to.equal(1);
      expect(used.stderr).to.match(new RegExp(`${e.noun} "${e.id}" is unavailable: ${e.why}`));
    }
    const report = await cli(['report', 'backup-jobs', '--format', 'fixtures.broken-format', '--out', join(ws.path, 'broken.txt')]);
    expect(report.code).to.equal(1);
    expect(report.stderr).to.match(new RegExp(`report format "fixtures.broken-format" is unavailable: ${failedWhy}`));

    // A rule that cannot be evaluated is a warning finding, never a block.
    const policies = json<Array<{ rule: string; severity: string; message: string }>>(ok(await cli(['policy', 'check', 'docs', '--json'])));
    for (const e of unavailableEntries.filter((entry) => entry.noun === 'policy rule')) {
      const finding = policies.find((f) => f.rule === e.id);
      expect(finding?.severity, e.id).to.equal('warning');
      expect(finding?.message).to.match(new RegExp(`policy rule "${e.id}" is unavailable: ${e.why}`));
    }
    // An audit sink's state says why it does not deliver, not only its last error.
    const sinks = ok(await cli(['audit', 'sinks']));
    for (const [name, type, state] of [['trail', 'fixtures.log', `plugin ${PLUGIN} disabled`], ['bs', 'fixtures.broken-sink', `plugin ${FAILED} failed`], ['gs', 'acme.gone-sink', 'no plugin installed']]) {
      expect(sinks.stdout).to.match(new RegExp(`\\n${name}\\s+${type}\\s+inactive \\(${state}\\)`));
    }
    for (const e of unavailableEntries.filter((entry) => entry.noun === 'audit sink')) {
      expect(sinks.stderr).to.match(new RegExp(`warning: ${e.entry} is inactive: audit sink "${e.id}" is unavailable: ${e.why}`));
    }
  });

  it('over REST: the same states, inactive entries, 503 naming the plugin for what needs it; re-enabled, all works again', async () => {
    const server = await WorkbenchProcess.start(ws, { pluginDirs: [fixture('all-kinds'), fixture(FAILED.slice('fixtures.'.length))], env: { TL_E2E_PASSWORD: PASSWORD } });
    try {
      const api = (path: string, init: RequestInit = {}): Promise<Response> =>
        fetch(new URL(`/api/v1${path}`, server.baseUrl), { ...init, headers: { authorization: `Bearer ${server.adminToken}`, ...init.headers } });
      // An entry of the failed plugin stays failed even while something retries its activation (the plugin is then
      // "activating" for a moment): the inactive entries read the same at any time. The file index does not retry it.
      const expected = [
        `repository "mirror" ${PLUGIN} disabled`, `notifier "jl" ${PLUGIN} disabled`, `policies[0] ${PLUGIN} disabled`, `audit sink "trail" ${PLUGIN} disabled`,
        ...unavailableEntries.map((e) => `${e.entry} ${e.id.startsWith('acme.') ? '- missing' : `${FAILED} failed`}`),
      ].sort();
      const inactive = (await (await api('/plugins/inactive-entries')).json()) as Array<{ entry: string; pluginId?: string; state: string }>;
      expect(inactive.map((e) => `${e.entry} ${e.pluginId ?? '-'} ${e.state}`).sort()).to.deep.equal(expected);
      const plugins = (await (await api('/plugins')).json()) as PluginJson[];
      expect(plugins.find((p) => p.id === PLUGIN)?.state).to.equal('disabled');
      expect(plugins.find((p) => p.id === FAILED)?.state).to.be.oneOf(['failed', 'activating']);
      expect(plugins.find((p) => p.id === FAILED)?.error).to.include('boom on activate');

      // What needs a disabled, failed or missing plugin: 503 with the reason (never a 500); everything else works.
      const post = (body: object): RequestInit => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      const needs: Array<[string, RequestInit, string]> = [
        ['/snapshots?repository=mirror', {}, `backend "fixtures.mirror" is unavailable: plugin ${PLUGIN} is disabled`],
        ['/reports/generate', post({ type: 'backup-jobs', format: 'fixtures.md' }), `report format "fixtures.md" is unavailable: plugin ${PLUGIN} is disabled`],
        ['/views/fixtures.all-kinds.remotes/children', {}, `view "fixtures.all-kinds.remotes" is unavailable: plugin ${PLUGIN} is disabled`],
        ['/commands/fixtures.all-kinds.ping', post({}), `command "fixtures.all-kinds.ping" is unavailable: plugin ${PLUGIN} is disabled`],
        ['/repositories/broken/test', { method: 'POST' }, `backend "fixtures.broken-store" is unavailable: plugin ${FAILED} failed to activate`],
        ['/repositories/gone/test', { method: 'POST' }, 'backend "acme.gone-store" is unavailable: no installed plugin contributes it'],
        ['/snapshots?repository=broken', {}, `plugin ${FAILED} failed to activate`],
        ['/reports/generate', post({ type: 'backup-jobs', format: 'fixtures.broken-format' }), `report format "fixtures.broken-format" is unavailable: plugin ${FAILED} failed to activate`],
        ['/views/fixtures.throws.items/children', {}, `view "fixtures.throws.items" is unavailable: plugin ${FAILED} failed to activate`],
        ['/commands/fixtures.throws.run', post({}), `command "fixtures.throws.run" is unavailable: plugin ${FAILED} failed to activate`],
      ];
      for (const [path, init, message] of needs) {
        const response = await api(path, init);
        const body = (await response.json()) as { message: string };
        expect(`${response.status} ${body.message}`, path).to.include(`503 `).and.include(message);
        if (message.includes(FAILED)) expect(body.message, path).to.include('boom on activate');
      }
      expect((await api('/snapshots?repository=home')).status).to.equal(200);
      // The file index leaves such repositories alone until their plugin's state changes, and says why.
      const indexed = (await (await api('/files/index', post({}))).json()) as Array<{ repository: string; error?: string }>;
      expect(indexed.find((r) => r.repository === 'broken')?.error).to.match(new RegExp(`^not indexed: backend "fixtures.broken-store" is unavailable: ${failedWhy}$`));
      expect(indexed.find((r) => r.repository === 'home')?.error).to.equal(undefined);
      const ping = post({});

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
      expect(delivered.filter((l) => l.type === 'backup.succeeded'), 'with the backups made while it was disabled').to.have.length(4);
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
