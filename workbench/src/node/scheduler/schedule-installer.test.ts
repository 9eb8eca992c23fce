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
  const plans = [{ kind: 'backup', target: 'docs', schedule: '30 2 * * 1-5' }, { kind: 'backup', target: 'my photos %', schedule: '@weekly' }] as const;

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
    const odd = await readFile(join(unitDir, `${unitBaseName('backup', 'my photos %')}.service`), 'utf8');
    expect(odd).to.include('"my photos %%"').and.include('Description=TimeLocker backup of plan "my photos %%"');
  });

  it('writes units that systemd-analyze verify accepts', async () => {
    const analyze = systemdAnalyze();
    // verify checks that ExecStart's binary exists: point it at the real node and a real file.
    const script = join(temp, 'timelocker.js');
    await writeFile(script, '');
    const real = new ScheduleInstaller(join(temp, 'data'), { node: process.execPath, script, configFile: join(temp, 'c.json'), dataDir: join(temp, 'data') });
    const files = await real.installSystemd(plans, unitDir);
    const output = execFileSync(analyze, ['verify', ...files], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    expect(output).to.equal('');
  });

  it('refuses a schedule systemd cannot express, writing nothing', async () => {
    let error: Error | undefined;
    await installer.installSystemd([...plans, { kind: 'backup', target: 'odd', schedule: '0 3 1 * 1' }], unitDir).catch((e: Error) => (error = e));
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
    expect(() => installer.crontabText([{ kind: 'backup', target: 'x', schedule: '*/5 * * * * *' }])).to.throw(/cannot go into a crontab/);
    const config = join(temp, 'conf', 'timelocker.json');
    const existing = `MAILTO=me\n0 1 * * * other-job\n`;
    const installed = withCrontabBlock(existing, config, block);
    expect(installed).to.equal(`${existing}${block}\n`);
    expect(withCrontabBlock(withCrontabBlock(installed, config, block), config, undefined)).to.equal(existing);
  });

  describe('repository checks and prunes', () => {
    const maintenance = [{ kind: 'check', target: 'home', schedule: '0 4 * * 0' }, { kind: 'prune', target: 'off site', schedule: '@monthly' }] as const;

    it('writes units calling `timelocker check|prune --scheduled REPO`, which systemd-analyze verify accepts', async () => {
      const script = join(temp, 'timelocker.js');
      await writeFile(script, '');
      const real = new ScheduleInstaller(join(temp, 'data'), { node: process.execPath, script, configFile: join(temp, 'c.json'), dataDir: join(temp, 'data') });
      const files = await real.installSystemd([...plans, ...maintenance], unitDir);
      expect(files.map((f) => f.slice(unitDir.length + 1)).slice(4)).to.deep.equal([
        'timelocker-check-home.service', 'timelocker-check-home.timer', 'timelocker-prune-off\\x20site.service', 'timelocker-prune-off\\x20site.timer',
      ]);
      const check = await readFile(join(unitDir, 'timelocker-check-home.service'), 'utf8');
      expect(check).to.include('Description=TimeLocker check of repository "home"').and.include('Type=oneshot').and.include('KillSignal=SIGINT')
        .and.include(`ExecStart="${process.execPath}" "${script}" "--config" "${join(temp, 'c.json')}" "--data-dir" "${join(temp, 'data')}" "check" "--scheduled" "home"\n`);
      expect(await readFile(join(unitDir, 'timelocker-check-home.timer'), 'utf8')).to.include('OnCalendar=Sun *-*-* 04:00:00\nPersistent=true\nUnit=timelocker-check-home.service');
      const prune = await readFile(join(unitDir, `${unitBaseName('prune', 'off site')}.service`), 'utf8');
      expect(prune).to.include('Description=TimeLocker prune of repository "off site"').and.include('"prune" "--scheduled" "off site"\n');
      expect(await readFile(join(unitDir, `${unitBaseName('prune', 'off site')}.timer`), 'utf8')).to.include('OnCalendar=*-*-01 00:00:00\nPersistent=true');
      expect(execFileSync(systemdAnalyze(), ['verify', ...files], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })).to.equal('');
    });

    it('prints crontab lines calling `timelocker check|prune --scheduled REPO`', () => {
      const lines = installer.crontabText(maintenance).split('\n');
      const prefix = `${process.execPath} '/opt/time locker/bin/timelocker.js' --config ${join(temp, 'conf', 'timelocker.json')} --data-dir '${join(temp, 'data dir')}'`;
      expect(lines.slice(1, 3)).to.deep.equal([`0 4 * * 0 ${prefix} check --scheduled home`, `@monthly ${prefix} prune --scheduled 'off site'`]);
      expect(() => installer.crontabText([{ kind: 'prune', target: 'home', schedule: '*/2 * * * * *' }])).to.throw('prune of repository "home": schedule "*/2 * * * * *" cannot go into a crontab');
    });
  });
});
