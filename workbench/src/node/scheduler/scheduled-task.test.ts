import { createRequire } from 'node:module';
import { expect } from 'chai';
import initSqlJs from 'sql.js';
import { migrate, migrations } from '../catalog/migrations.js';
import type { TimeLockerConfig } from '../config/config-model.js';
import { CancellationToken } from '@timelocker/plugin-api';
import { scheduledTasks, taskFor } from './schedule-config.js';
import { ScheduleConfigParticipant } from './schedule-config-participant.js';
import { isJobOf, parseTaskKey, taskKey } from './scheduled-task.js';

const config = {
  window: { start: '22:00', end: '06:00' },
  repositories: {
    home: { backend: 'local', check: { schedule: '@weekly', readDataSubset: '5%' }, prune: { schedule: '@monthly' }, window: { start: '01:00', end: '05:00' } },
    'off:site': { backend: 'local', prune: { schedule: '0 3 * * 0' } },
    quiet: { backend: 'local', check: { readDataSubset: '1%' } },
  },
  plans: {
    docs: { repository: 'home', paths: ['/d'], schedule: '@daily', window: { start: '20:00', end: '23:00' } },
    manual: { repository: 'home', paths: ['/m'] },
    photos: { repository: 'off:site', paths: ['/p'], schedule: '@hourly' },
  },
} as unknown as TimeLockerConfig;

describe('scheduled tasks: plan backups, repository checks and prunes', () => {
  it('lists every task with a schedule, keyed by kind and name: backups in plan order, then checks and prunes per repository', () => {
    expect(scheduledTasks(config).map((t) => [t.key, t.schedule, t.repository])).to.deep.equal([
      ['backup:docs', '@daily', 'home'],
      ['backup:photos', '@hourly', 'off:site'],
      ['check:home', '@weekly', 'home'],
      ['prune:home', '@monthly', 'home'],
      ['prune:off:site', '0 3 * * 0', 'off:site'],
    ]);
  });

  it('takes windows from the plan for backups, from the repository for maintenance, else the global one', () => {
    expect(taskFor(config, 'backup', 'docs').window?.start).to.equal('20:00');
    expect(taskFor(config, 'backup', 'photos').window?.start).to.equal('22:00');
    expect(taskFor(config, 'check', 'home')).to.deep.include({ readDataSubset: '5%', schedulePath: ['repositories', 'home', 'check', 'schedule'] });
    expect(taskFor(config, 'check', 'home').window?.start).to.equal('01:00');
    expect(taskFor(config, 'prune', 'off:site').window?.start).to.equal('22:00');
    // Unscheduled, yet runnable with --scheduled: the configured subset still applies.
    expect(taskFor(config, 'check', 'quiet')).to.deep.include({ key: 'check:quiet', readDataSubset: '1%' }).and.not.have.property('schedule');
    expect(taskFor(config, 'prune', 'home')).to.not.have.property('readDataSubset');
  });

  it('validates the schedules of repository checks and prunes, naming where they are', async () => {
    const bad = { ...config, repositories: { ...config.repositories, 'off:site': { backend: 'local', prune: { schedule: '0 3 * *' } } } } as unknown as TimeLockerConfig;
    const issues = await new ScheduleConfigParticipant().validateConfig(bad, (path) => ({ line: path.length, column: 1 }), CancellationToken.None);
    expect(issues.map((i) => [i.jsonPath, i.line])).to.deep.equal([['/repositories/off:site/prune/schedule', 4]]);
    expect(issues[0]?.message).to.match(/"0 3 \* \*" is not a cron schedule/);
  });

  it('parses task keys (names may contain colons) and rejects malformed ones', () => {
    expect(parseTaskKey(taskKey('prune', 'off:site'))).to.deep.equal({ kind: 'prune', target: 'off:site' });
    for (const bad of ['docs', 'restore:docs', 'check:']) expect(() => parseTaskKey(bad)).to.throw(/is not a scheduled task/);
  });

  it("recognizes a run's job: a backup by its plan, a check or prune by its repository and no plan", () => {
    const job = { id: 'j', status: 'queued', queuedAt: '' } as const;
    expect(isJobOf({ kind: 'backup', target: 'docs' }, { ...job, kind: 'backup', repository: 'home', plan: 'docs' })).to.equal(true);
    expect(isJobOf({ kind: 'check', target: 'home' }, { ...job, kind: 'check', repository: 'home' })).to.equal(true);
    // A check after a backup of a plan is that plan's, not the scheduled one.
    expect(isJobOf({ kind: 'check', target: 'home' }, { ...job, kind: 'check', repository: 'home', plan: 'docs' })).to.equal(false);
    expect(isJobOf({ kind: 'prune', target: 'home' }, { ...job, kind: 'check', repository: 'home' })).to.equal(false);
  });

  it('migrates the run records of a catalog keyed by plan to task keys', async () => {
    const SQL = await initSqlJs({ locateFile: () => createRequire(import.meta.url).resolve('sql.js/dist/sql-wasm.wasm') });
    const db = new SQL.Database();
    const before = migrations.findIndex((m) => m.version === 7);
    for (const migration of migrations.slice(0, before)) migration.up(db);
    db.exec(`PRAGMA user_version = ${migrations[before - 1]!.version}`);
    db.run('INSERT INTO plan_schedule_runs (plan, last_slot, last_job, last_status) VALUES (?, ?, ?, ?)', ['docs', '2025-01-01T00:00:00.000Z', 'j1', 'succeeded']);
    migrate(db, 'test.sqlite');
    expect(db.exec('SELECT task, last_slot, last_started, last_job, last_status FROM schedule_runs')[0]?.values)
      .to.deep.equal([['backup:docs', '2025-01-01T00:00:00.000Z', null, 'j1', 'succeeded']]);
    expect(db.exec("SELECT name FROM sqlite_master WHERE name = 'plan_schedule_runs'")).to.deep.equal([]);
    db.close();
  });
});
