import { execFile } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { CancellationToken } from '@timelocker/plugin-api';
import { expect } from 'chai';
import { pollUntil } from '@timelocker/plugin-api/testing';
import { JobStore } from '../catalog/job-store.js';
import type { Kernel } from '../kernel.js';
import { useKernelTestDir } from '../kernel-test-support.js';
import { outcomeOf } from '../jobs/job-service.js';
import { BackupService } from '../operations/backup-service.js';
import { ScheduleStore } from './schedule-store.js';
import type { ScheduledRunOutcome } from './scheduler-service.js';
import { SchedulerService } from './scheduler-service.js';

const run = promisify(execFile);
const PASSWORD_VAR = 'TL_SCHED_MAINT_TEST_PW';
const PASSWORD = 'scheduled-maintenance-pw-8812';
const hhmm = (d: Date): string => [d.getHours(), d.getMinutes()].map((n) => String(n).padStart(2, '0')).join(':');

describe('scheduled repository checks and prunes in a real kernel (real restic, local repository)', function () {
  this.timeout(120_000);
  const testDir = useKernelTestDir('tl-sched-maint-', { [PASSWORD_VAR]: PASSWORD });
  let dir: string;

  async function start(repository: Record<string, unknown>): Promise<Kernel> {
    await writeFile(join(dir, 'timelocker.json'), JSON.stringify({
      repositories: { home: { backend: 'local', path: join(dir, 'repo'), password: { env: PASSWORD_VAR }, ...repository } },
      plans: { docs: { repository: 'home', paths: [join(dir, 'source')] } },
    }, null, 2));
    return testDir.startKernel();
  }

  before(async () => {
    dir = testDir.path;
    await mkdir(join(dir, 'source'));
    await writeFile(join(dir, 'source', 'a.txt'), 'scheduled maintenance\n');
    await run('restic', ['init'], { env: { ...process.env, RESTIC_PASSWORD: PASSWORD, RESTIC_REPOSITORY: join(dir, 'repo') } });
  });

  it('catches up once on a check and a prune missed for hours, records both, and does not run them again after a restart', async () => {
    const k = await start({ check: { schedule: '@hourly', readDataSubset: '50%' }, prune: { schedule: '@hourly' } });
    const backup = await outcomeOf(k.get<BackupService>(BackupService).backup('docs', () => undefined, CancellationToken.None));
    expect(backup.job.status).to.equal('succeeded');
    const store = k.get<ScheduleStore>(ScheduleStore);
    const fiveHoursAgo = new Date(Date.now() - 5 * 3_600_000).toISOString();
    await store.put({ task: 'check:home', lastSlot: fiveHoursAgo }, { task: 'prune:home', lastSlot: fiveHoursAgo });
    const scheduler = k.get<SchedulerService>(SchedulerService);
    const outcomes: ScheduledRunOutcome[] = [];
    scheduler.onDidFinishRun((o) => outcomes.push(o));
    await scheduler.startScheduling();
    await pollUntil('the catch-up check and prune', () => (outcomes.length >= 2 ? true : undefined), 60_000);
    const byTask = new Map(outcomes.map((o) => [o.task, o]));
    const check = byTask.get('check:home')!;
    const prune = byTask.get('prune:home')!;
    expect(check.run?.job).to.deep.include({ kind: 'check', repository: 'home', status: 'succeeded' });
    expect(check.run?.job.summary?.['readDataSubset']).to.equal('50%');
    expect(check.run?.job.plan).to.equal(undefined);
    expect(prune.run?.job).to.deep.include({ kind: 'prune', repository: 'home', status: 'succeeded' });
    for (const outcome of [check, prune]) expect(new Date(outcome.slot!).getMinutes(), 'the latest missed slot').to.equal(0);
    expect(await store.get('check:home')).to.include({ lastSlot: check.slot, lastJob: check.run?.job.id, lastStatus: 'succeeded' });
    const jobs = await k.get<JobStore>(JobStore).list({ repository: 'home' });
    expect(jobs.filter((j) => j.kind === 'check' || j.kind === 'prune').map((j) => j.kind).sort(), 'once each, not once per missed slot').to.deep.equal(['check', 'prune']);

    await scheduler.stopScheduling();
    await scheduler.startScheduling();
    const listed = await scheduler.listTasks();
    expect(listed.filter((t) => t.running), 'nothing to catch up after a restart').to.deep.equal([]);
    expect(listed.find((t) => t.task === 'prune:home')).to.include({ kind: 'prune', repository: 'home', schedule: '@hourly', lastStatus: 'succeeded', lastJob: prune.run?.job.id });
    expect(await scheduler.list(), 'list() keeps to plan backups').to.deep.equal([]);
  });

  it('does not start a check or prune outside the repository window; inside it runs', async () => {
    const now = new Date();
    const closed = { start: hhmm(new Date(now.getTime() + 2 * 3_600_000)), end: hhmm(new Date(now.getTime() + 3 * 3_600_000)) };
    const k = await start({ check: { schedule: '@yearly' }, window: closed });
    const scheduler = k.get<SchedulerService>(SchedulerService);
    const skipped = await scheduler.runScheduled('check:home', CancellationToken.None);
    expect(skipped).to.include({ task: 'check:home', kind: 'check', repository: 'home' });
    expect(skipped.skipped).to.match(/^outside its maintenance window \(\d\d:\d\d–\d\d:\d\d\)$/);
    const before = (await k.get<JobStore>(JobStore).list({ repository: 'home' })).length;
    await k.stop();
    const open = { start: hhmm(new Date(now.getTime() - 3_600_000)), end: hhmm(new Date(now.getTime() + 3_600_000)) };
    const reopened = await start({ prune: { schedule: '@yearly' }, window: open });
    const jobs = reopened.get<JobStore>(JobStore);
    expect(await jobs.list({ repository: 'home' }), 'the skipped check left no job').to.have.length(before);
    const pruned = await reopened.get<SchedulerService>(SchedulerService).runScheduled('prune:home', CancellationToken.None);
    expect(pruned.run?.job).to.deep.include({ kind: 'prune', status: 'succeeded' });
  });
});
