import { readdir, readFile, rm, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { expect } from 'chai';
import { pollUntil } from '@timelocker/plugin-api/testing';
import { json } from '../support/cli.js';
import type { TestWorkspace } from '../support/workspace.js';
import { type HookReceiver, startHookReceiver } from '../notifications/test-receivers.js';
import { editConfig, hhmmss, lockFiles, plansOf, workspaceWithRepo } from '../support/workspace-with-repo.js';

interface JobJson { id: string; kind: string; plan?: string; repository: string; status: string; error?: string; summary?: Record<string, unknown> }
interface TaskJson { task: string; kind: string; plan?: string; repository?: string; schedule: string; lastStatus?: string; lastJob?: string; window?: string }

type Repository = Record<string, unknown>;
const repositoryOf = (config: Record<string, unknown>): Repository => (config['repositories'] as Record<string, Repository>)['home']!;

describe('scheduled repository checks and prunes (real CLI, real restic)', function () {
  this.timeout(120_000);
  let ws: TestWorkspace;
  let repo: string;
  let receiver: HookReceiver;

  const jobs = async (kind: string): Promise<JobJson[]> => json<JobJson[]>(await ws.cli(['jobs', '--json'])).filter((j) => j.kind === kind && !j.plan);

  before(async () => {
    receiver = await startHookReceiver();
    let source: string;
    ({ ws, source, repo } = await workspaceWithRepo(256 * 1024));
    await editConfig(ws, (config) => { plansOf(config)['docs'] = { repository: 'home', paths: [source] }; });
    const backup = await ws.cli(['backup', 'docs']);
    expect(backup.code, backup.stderr).to.equal(0);
  });

  after(async () => {
    await receiver?.stop();
    await ws?.remove();
  });

  it('`scheduler run` runs a repository check and prune on their schedules and records their jobs; `schedule list` shows them', async () => {
    await editConfig(ws, (config) => {
      repositoryOf(config)['check'] = { schedule: '*/2 * * * * *', readDataSubset: '50%' };
      repositoryOf(config)['prune'] = { schedule: '*/3 * * * * *' };
    });
    const daemon = ws.spawn(['scheduler', 'run']);
    try {
      const check = await pollUntil('a scheduled check job', async () => (await jobs('check')).find((j) => j.status === 'succeeded'), 60_000);
      expect(check.summary?.['readDataSubset']).to.equal('50%');
      const prune = await pollUntil('a scheduled prune job', async () => (await jobs('prune')).find((j) => j.status === 'succeeded'), 60_000);
      const listed = json<TaskJson[]>(await ws.cli(['schedule', 'list', '--json']));
      expect(listed.map((t) => t.task)).to.deep.equal(['check:home', 'prune:home']);
      const byTask = new Map(listed.map((t) => [t.task, t]));
      expect(byTask.get('check:home')).to.include({ kind: 'check', repository: 'home', schedule: '*/2 * * * * *', lastStatus: 'succeeded' });
      expect(byTask.get('prune:home')).to.include({ kind: 'prune', repository: 'home', schedule: '*/3 * * * * *', lastStatus: 'succeeded' });
      expect((await jobs('prune')).map((j) => j.id)).to.include(byTask.get('prune:home')!.lastJob).and.include(prune.id);
      const table = await ws.cli(['schedule', 'list']);
      expect(table.stdout).to.match(/TASK\s+REPOSITORY\s+PLAN\s+SCHEDULE\s+NEXT RUN/).and.match(/\ncheck\s+home\s+\*\/2 \* \* \* \* \*/);
    } finally {
      daemon.child.kill('SIGTERM');
    }
    const exit = await daemon.done;
    expect(exit.code, exit.stderr).to.equal(0);
    expect(exit.stdout).to.include('Scheduler running with 0 scheduled plan(s) and 2 scheduled repository check(s)/prune(s)').and.include('Scheduler stopped.');
    expect(await lockFiles(repo)).to.deep.equal([]);
  });

  it('`check|prune REPO --scheduled` keep to the repository window, and use the configured read-data subset', async () => {
    const hour = 3_600_000;
    await editConfig(ws, (config) => {
      repositoryOf(config)['window'] = { start: hhmmss(new Date(Date.now() + hour)), end: hhmmss(new Date(Date.now() + 2 * hour)) };
    });
    const before = (await jobs('check')).length + (await jobs('prune')).length;
    for (const [command, verb] of [['check', 'checked'], ['prune', 'pruned']] as const) {
      const skipped = await ws.cli([command, '--scheduled', 'home']);
      expect(skipped.code, skipped.stderr).to.equal(0);
      expect(skipped.stdout).to.match(new RegExp(`^Repository home not ${verb}: outside its maintenance window \\(\\d\\d:\\d\\d:\\d\\d–\\d\\d:\\d\\d:\\d\\d\\)\\.`));
    }
    expect((await jobs('check')).length + (await jobs('prune')).length, 'no job outside the window').to.equal(before);
    await editConfig(ws, (config) => {
      repositoryOf(config)['window'] = { start: hhmmss(new Date(Date.now() - 60_000)), end: hhmmss(new Date(Date.now() + hour)) };
    });
    const checked = await ws.cli(['check', '--scheduled', 'home']);
    expect(checked.code, checked.stderr).to.equal(0);
    expect(checked.stdout).to.include('Repository "home" has no errors (read data subset 50%).');
    const pruned = await ws.cli(['prune', '--scheduled', 'home']);
    expect(pruned.code, pruned.stderr).to.equal(0);
    const usage = await ws.cli(['check', '--scheduled', '--read-data-subset', '5%', 'home']);
    expect(usage.code).to.equal(2);
  });

  it('`schedule install` writes systemd units and crontab lines for repository checks and prunes too', async () => {
    await editConfig(ws, (config) => {
      delete repositoryOf(config)['window'];
      repositoryOf(config)['check'] = { schedule: '@weekly', readDataSubset: '50%' };
      repositoryOf(config)['prune'] = { schedule: '0 3 1 * *' };
    });
    const dir = join(ws.path, 'systemd-user');
    const installed = await ws.cli(['schedule', 'install', '--systemd', '--dir', dir]);
    expect(installed.code, installed.stderr).to.equal(0);
    expect(installed.stdout).to.include("enable --now 'timelocker-check-home.timer' 'timelocker-prune-home.timer'");
    expect((await readdir(dir)).sort()).to.deep.equal(['timelocker-check-home.service', 'timelocker-check-home.timer', 'timelocker-prune-home.service', 'timelocker-prune-home.timer']);
    expect(await readFile(join(dir, 'timelocker-prune-home.service'), 'utf8')).to.include(`"--config" "${ws.configFile}" "--data-dir" "${ws.dataDir}" "prune" "--scheduled" "home"`);
    expect(await readFile(join(dir, 'timelocker-check-home.timer'), 'utf8')).to.include('OnCalendar=Sun *-*-* 00:00:00\nPersistent=true');
    const cron = json<{ crontab: string }>(await ws.cli(['schedule', 'install', '--cron', '--json'])).crontab.split('\n');
    expect(cron[1]).to.match(/^@weekly .* --config \S+ --data-dir \S+ check --scheduled home$/);
    expect(cron[2]).to.match(/^0 3 1 \* \* .* prune --scheduled home$/);
    expect(json<{ files: string[] }>(await ws.cli(['schedule', 'uninstall', '--json'])).files).to.have.length(4);
    expect(await readdir(dir)).to.deep.equal([]);
  });

  it('a failed scheduled check fails its job, names what restic reported and notifies check.failed', async () => {
    await editConfig(ws, (config) => {
      delete repositoryOf(config)['window'];
      delete repositoryOf(config)['prune'];
      repositoryOf(config)['check'] = { schedule: '*/2 * * * * *' };
      config['notifications'] = { notifiers: { hook: { type: 'webhook', url: receiver.url } }, rules: [{ events: ['check.failed'], notifiers: ['hook'] }] };
    });
    // Lose the data pack (the largest: the random source; a lost tree pack makes restic retry its reads for minutes):
    // the index still names it, so restic check reports it missing.
    const files = (await readdir(join(repo, 'data'), { recursive: true, withFileTypes: true })).filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
    const sizes = await Promise.all(files.map(async (file) => ({ file, size: (await stat(file)).size })));
    const largest = sizes.sort((a, b) => b.size - a.size)[0]!.file;
    const pack = basename(largest);
    await rm(largest);
    const daemon = ws.spawn(['scheduler', 'run']);
    try {
      const hook = await pollUntil('the check.failed webhook', async () => receiver.hooks.find((h) => h.body['event'] === 'check.failed'), 60_000)
        .catch(async (error: Error) => { throw new Error(`${error.message}; checks: ${JSON.stringify(await jobs('check'))}`); });
      expect(hook.body).to.include({ event: 'check.failed', severity: 'error', title: 'Check of repository "home" failed' });
      const failed = (await jobs('check')).find((j) => j.status === 'failed');
      expect(failed?.error).to.be.a('string').and.match(new RegExp(pack.slice(0, 8)));
      const listed = json<TaskJson[]>(await ws.cli(['schedule', 'list', '--json'])).find((t) => t.task === 'check:home');
      expect(listed?.lastStatus).to.equal('failed');
    } finally {
      daemon.child.kill('SIGTERM');
      await daemon.done;
    }
  });
});
