import { execFileSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { withCrontabBlock } from './crontab-lines.js';
import { MANIFEST_FILE, ScheduleInstaller } from './schedule-installer.js';
import { systemdAnalyze } from './systemd-analyze.test-support.js';
import { unitBaseName } from './systemd-units.js';

describe('schedule install: systemd units and crontab lines', () => {
  let temp: string;
  let installer: ScheduleInstaller;
  let unitDir: string;
  const plans = [{ plan: 'docs', schedule: '30 2 * * 1-5' }, { plan: 'my photos %', schedule: '@weekly' }];

  beforeEach(async () => {
    temp = await mkdtemp(join(tmpdir(), 'tl-sched-install-'));
    unitDir = join(temp, 'units');
    installer = new ScheduleInstaller(join(temp, 'data dir'), {
      node: process.execPath, script: '/opt/time locker/bin/timelocker.js', configFile: join(temp, 'conf', 'timelocker.json'), dataDir: join(temp, 'data dir'),
    });
  });

  afterEach(() => rm(temp, { recursive: true, force: true }));

  it('writes a oneshot service and a persistent timer per plan, calling `timelocker backup PLAN` on this config', async () => {
    const files = await installer.installSystemd(plans, unitDir);
    expect(files.map((f) => f.slice(unitDir.length + 1))).to.deep.equal([
      'timelocker-backup-docs.service', 'timelocker-backup-docs.timer',
      'timelocker-backup-my\\x20photos\\x20\\x25.service', 'timelocker-backup-my\\x20photos\\x20\\x25.timer',
    ]);
    const service = await readFile(join(unitDir, 'timelocker-backup-docs.service'), 'utf8');
    expect(service).to.include('Type=oneshot');
    expect(service).to.include(`ExecStart="${process.execPath}" "/opt/time locker/bin/timelocker.js" "--config" "${join(temp, 'conf', 'timelocker.json')}" "--data-dir" "${join(temp, 'data dir')}" "backup" "--scheduled" "docs"\n`);
    expect(service).to.include('KillSignal=SIGINT');
    const timer = await readFile(join(unitDir, 'timelocker-backup-docs.timer'), 'utf8');
    expect(timer).to.include('OnCalendar=Mon..Fri *-*-* 02:30:00').and.include('Persistent=true')
      .and.include('Unit=timelocker-backup-docs.service').and.include('WantedBy=timers.target');
    const odd = await readFile(join(unitDir, `${unitBaseName('my photos %')}.service`), 'utf8');
    expect(odd).to.include('"my photos %%"').and.include('Description=TimeLocker backup of plan "my photos %%"');
  });

  it('writes units that systemd-analyze verify accepts', async function () {
    if (!systemdAnalyze) {
      console.log('      (skipped the systemd-analyze verify assertion: systemd-analyze is not installed)');
      return;
    }
    // verify checks that ExecStart's binary exists: point it at the real node and a real file.
    const script = join(temp, 'timelocker.js');
    await writeFile(script, '');
    const real = new ScheduleInstaller(join(temp, 'data'), { node: process.execPath, script, configFile: join(temp, 'c.json'), dataDir: join(temp, 'data') });
    const files = await real.installSystemd(plans, unitDir);
    const output = execFileSync(systemdAnalyze, ['verify', ...files], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    expect(output).to.equal('');
  });

  it('refuses a schedule systemd cannot express, writing nothing', async () => {
    let error: Error | undefined;
    await installer.installSystemd([...plans, { plan: 'odd', schedule: '0 3 1 * 1' }], unitDir).catch((e: Error) => (error = e));
    expect(error?.message).to.match(/schedule "0 3 1 \* 1" cannot be written as a systemd OnCalendar/);
    expect(await readdir(unitDir).catch(() => [])).to.deep.equal([]);
  });

  it('uninstalls exactly what it installed, leaving other files alone; reinstall replaces old units', async () => {
    await installer.installSystemd(plans, unitDir);
    await writeFile(join(unitDir, 'someone-else.timer'), '[Timer]\n');
    await installer.installSystemd([plans[0]!], unitDir);
    expect((await readdir(unitDir)).sort()).to.deep.equal(['someone-else.timer', 'timelocker-backup-docs.service', 'timelocker-backup-docs.timer']);
    const removed = await installer.uninstall();
    expect(removed.files).to.have.length(2);
    expect(removed.crontab).to.equal(false);
    expect(await readdir(unitDir)).to.deep.equal(['someone-else.timer']);
    expect(await readdir(join(temp, 'data dir'))).to.not.include(MANIFEST_FILE);
    expect((await installer.uninstall()).files).to.deep.equal([]);
  });

  it('prints crontab lines, shell-quoted, % escaped, and replaces only its own block in a crontab', () => {
    const block = installer.crontabText(plans);
    const lines = block.split('\n');
    expect(lines[0]).to.equal(`# BEGIN timelocker ${join(temp, 'conf', 'timelocker.json')}`);
    expect(lines[1]).to.equal(`30 2 * * 1-5 ${process.execPath} '/opt/time locker/bin/timelocker.js' --config ${join(temp, 'conf', 'timelocker.json')} --data-dir '${join(temp, 'data dir')}' backup --scheduled docs`);
    expect(lines[2]).to.match(/^@weekly .* backup --scheduled 'my photos \\%'$/);
    expect(() => installer.crontabText([{ plan: 'x', schedule: '*/5 * * * * *' }])).to.throw(/cannot go into a crontab/);
    const config = join(temp, 'conf', 'timelocker.json');
    const existing = `MAILTO=me\n0 1 * * * other-job\n`;
    const installed = withCrontabBlock(existing, config, block);
    expect(installed).to.equal(`${existing}${block}\n`);
    expect(withCrontabBlock(withCrontabBlock(installed, config, block), config, undefined)).to.equal(existing);
  });
});
