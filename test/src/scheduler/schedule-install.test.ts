import { execFileSync } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'chai';
import { json } from '../support/cli.js';
import { requireCommand } from '../support/tools.js';
import { TestWorkspace } from '../support/workspace.js';
import { editConfig, plansOf } from '../support/workspace-with-repo.js';

describe('timelocker schedule install / uninstall / list (real CLI)', function () {
  this.timeout(60_000);
  let ws: TestWorkspace;

  before(async () => {
    ws = await TestWorkspace.create();
    await ws.cli(['repo', 'add', 'home', '--backend', 'local', '--path', join(ws.path, 'repo'), '--password-env', 'NOPE']);
    await editConfig(ws, (config) => {
      config['plans'] = {};
      plansOf(config)['docs'] = { repository: 'home', paths: [ws.path], schedule: '30 2 * * 1-5' };
      plansOf(config)['weekly'] = { repository: 'home', paths: [ws.path], schedule: '@weekly' };
      plansOf(config)['manual'] = { repository: 'home', paths: [ws.path] };
    });
  });

  after(() => ws?.remove());

  it('lists scheduled plans with their next run', async () => {
    const listed = json<Array<{ plan: string; nextRun: string }>>(await ws.cli(['schedule', 'list', '--json']));
    expect(listed.map((p) => p.plan)).to.deep.equal(['docs', 'weekly']);
    const next = new Date(listed[0]!.nextRun);
    expect([next.getHours(), next.getMinutes()]).to.deep.equal([2, 30]);
    expect([1, 2, 3, 4, 5]).to.include(next.getDay());
    const table = await ws.cli(['schedule', 'list']);
    expect(table.stdout).to.match(/PLAN\s+SCHEDULE\s+NEXT RUN/).and.include('@weekly');
  });

  it('writes systemd user units into --dir that call `timelocker backup PLAN` on this config, and uninstalls exactly them', async () => {
    const dir = join(ws.path, 'systemd-user');
    const installed = await ws.cli(['schedule', 'install', '--systemd', '--dir', dir]);
    expect(installed.code, installed.stderr).to.equal(0);
    expect(installed.stdout).to.include('systemctl --user daemon-reload');
    expect((await readdir(dir)).sort()).to.deep.equal([
      'timelocker-backup-docs.service', 'timelocker-backup-docs.timer', 'timelocker-backup-weekly.service', 'timelocker-backup-weekly.timer',
    ]);
    const service = await readFile(join(dir, 'timelocker-backup-docs.service'), 'utf8');
    expect(service).to.include(`"--config" "${ws.configFile}" "--data-dir" "${ws.dataDir}" "backup" "--scheduled" "docs"`);
    expect(await readFile(join(dir, 'timelocker-backup-weekly.timer'), 'utf8')).to.include('OnCalendar=Sun *-*-* 00:00:00\nPersistent=true');
    execFileSync(requireCommand('systemd-analyze', 'systemd'), ['verify', ...(await readdir(dir)).map((f) => join(dir, f))], { stdio: 'pipe' });
    const removed = await ws.cli(['schedule', 'uninstall', '--json']);
    expect(json<{ files: string[] }>(removed).files).to.have.length(4);
    expect(await readdir(dir)).to.deep.equal([]);
  });

  it('prints crontab lines with --cron, and refuses what it cannot express', async () => {
    const printed = await ws.cli(['schedule', 'install', '--cron']);
    expect(printed.code, printed.stderr).to.equal(0);
    expect(printed.stdout).to.include(`30 2 * * 1-5 ${process.execPath} `).and.include(' backup --scheduled docs\n').and.include(`# BEGIN timelocker ${ws.configFile}`);
    expect((await ws.cli(['schedule', 'install'])).code).to.equal(2);
    await editConfig(ws, (config) => { plansOf(config)['docs']!['schedule'] = '0 3 1 * 1'; });
    const refused = await ws.cli(['schedule', 'install', '--systemd', '--dir', join(ws.path, 'units2')]);
    expect(refused.code).to.equal(1);
    expect(refused.stderr).to.match(/cannot be written as a systemd OnCalendar: cron runs when EITHER/);
  });
});
