import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CancellationError, CancellationToken, type JobDto } from '@timelocker/plugin-api';
import { expect } from 'chai';
import { pollUntil } from '@timelocker/plugin-api/testing';
import { ConfigService } from '../config/config-service.js';
import { LogService } from '../core/log-service.js';
import { type JobHandle, JobService } from '../jobs/job-service.js';
import { CheckService } from '../maintenance/check-service.js';
import { RetentionService } from '../maintenance/retention-service.js';
import { type Kernel, startKernel } from '../kernel.js';
import { resolveKernelOptions } from '../kernel-paths.js';
import type { BackupOptions, BackupRun, BackupService } from '../operations/backup-service.js';
import { ScheduleStore } from './schedule-store.js';
import { ScheduledTaskRunnerImpl } from './scheduled-task-runner.js';
import type { ScheduledRunOutcome } from './scheduler-service.js';
import { SchedulerServiceImpl } from './scheduler-service-impl.js';

/**
 * The scheduler's timing against a real kernel (config, catalog, jobs); only the backup itself is a stand-in that
 * runs a real job for `workMs` (or until cancelled), so timing can be observed without restic.
 */
class TimedBackups implements BackupService {
  readonly calls: Array<{ plan: string; options: BackupOptions | undefined }> = [];
  active = 0;
  maxActive = 0;

  constructor(private readonly jobs: JobService, private readonly workMs: number) {}

  async backup(plan: string, _progress: unknown, token: CancellationToken, options?: BackupOptions): Promise<JobHandle<BackupRun>> {
    this.calls.push({ plan, options });
    const handle = await this.jobs.start({ kind: 'backup', repository: 'home', plan }, async (context) => {
      this.maxActive = Math.max(this.maxActive, ++this.active);
      try {
        await new Promise<void>((done, fail) => {
          const timer = setTimeout(done, this.workMs);
          context.token.onCancellationRequested(() => {
            clearTimeout(timer);
            fail(new CancellationError());
          });
        });
      } finally {
        this.active--;
      }
      return {};
    }, token);
    return { ...handle, done: handle.done.then(({ job, cause }) => ({ job, unreadable: [], ...(cause !== undefined ? { cause } : {}) })) };
  }
}

const hhmmss = (d: Date): string => [d.getHours(), d.getMinutes(), d.getSeconds()].map((n) => String(n).padStart(2, '0')).join(':');

describe('SchedulerServiceImpl (real kernel, catalog and jobs)', function () {
  this.timeout(30_000);
  let temp: string;
  let kernel: Kernel;
  let scheduler: SchedulerServiceImpl | undefined;

  async function setUp(plans: Record<string, Record<string, unknown>>, workMs: number): Promise<{ scheduler: SchedulerServiceImpl; backups: TimedBackups; outcomes: ScheduledRunOutcome[] }> {
    temp = await mkdtemp(join(tmpdir(), 'tl-scheduler-'));
    const options = resolveKernelOptions({ configFile: join(temp, 'timelocker.json'), dataDir: join(temp, 'data') });
    const withPaths = Object.fromEntries(Object.entries(plans).map(([name, plan]) => [name, { repository: 'home', paths: [temp], ...plan }]));
    await writeFile(options.configFile, JSON.stringify({ repositories: { home: { backend: 'local', path: join(temp, 'repo') } }, plans: withPaths }));
    kernel = await startKernel(options);
    const jobs = kernel.get<JobService>(JobService);
    const backups = new TimedBackups(jobs, workMs);
    const runner = new ScheduledTaskRunnerImpl(backups, kernel.get(CheckService), kernel.get(RetentionService));
    scheduler = new SchedulerServiceImpl(kernel.get(ConfigService), kernel.get(ScheduleStore), runner, jobs, kernel.get(LogService), { getContributions: () => [] });
    const outcomes: ScheduledRunOutcome[] = [];
    scheduler.onDidFinishRun((o) => outcomes.push(o));
    return { scheduler, backups, outcomes };
  }

  afterEach(async () => {
    await scheduler?.stopScheduling();
    scheduler = undefined;
    await kernel?.stop();
    await rm(temp, { recursive: true, force: true });
  });

  it('does not run a plan it sees for the first time, and remembers it from now', async () => {
    const { scheduler: s, backups } = await setUp({ docs: { schedule: '@daily' } }, 10);
    const before = Date.now();
    await s.startScheduling();
    const record = await kernel.get<ScheduleStore>(ScheduleStore).get('backup:docs');
    expect(Date.parse(record!.lastSlot)).to.be.at.least(before - 1000);
    expect(backups.calls).to.have.length(0);
    const [listed] = await s.list();
    expect(listed?.nextRun).to.equal(new Date(new Date().getFullYear(), new Date().getMonth(), new Date().getDate() + 1).toISOString());
  });

  it('runs a missed plan once (not once per missed slot) and records it; a restart does not run it again', async () => {
    const { scheduler: s, backups, outcomes } = await setUp({ docs: { schedule: '@hourly' } }, 10);
    const store = kernel.get<ScheduleStore>(ScheduleStore);
    await store.put({ task: 'backup:docs', lastSlot: new Date(Date.now() - 5 * 3_600_000).toISOString() });
    await s.startScheduling();
    const outcome = await pollUntil('the catch-up run', () => outcomes[0], 15_000);
    expect(outcome.run?.job.status).to.equal('succeeded');
    expect(new Date(outcome.slot!).getMinutes()).to.equal(0);
    expect(backups.calls).to.deep.equal([{ plan: 'docs', options: { trigger: 'scheduler' } }]);
    const record = await store.get('backup:docs');
    expect(record).to.include({ lastSlot: outcome.slot, lastJob: outcome.run?.job.id, lastStatus: 'succeeded' });
    await s.stopScheduling();
    await s.startScheduling();
    expect(backups.calls).to.have.length(1);
    const [listed] = await s.list();
    expect(listed).to.include({ task: 'backup:docs', kind: 'backup', plan: 'docs', repository: 'home', lastStatus: 'succeeded', lastRun: outcome.run?.job.startedAt });
  });

  it('never overlaps a plan with itself: slots that come while it runs are skipped', async () => {
    const { scheduler: s, backups, outcomes } = await setUp({ docs: { schedule: '* * * * * *' } }, 2_200);
    await s.startScheduling();
    await pollUntil('two runs', () => (outcomes.length >= 2 ? true : undefined), 15_000);
    expect(backups.maxActive).to.equal(1);
    // Every-second slots for ≥ 4.4 s of work, but only the runs that did not overlap happened.
    expect(backups.calls.length).to.be.at.most(outcomes.length + 1);
  });

  it('does not start outside the window, and stops a run at the window end (stopped-at-window-end)', async () => {
    const now = new Date();
    const end = new Date(now.getTime() + 2_000);
    const { scheduler: s, backups } = await setUp({
      closed: { schedule: '@yearly', window: { start: hhmmss(new Date(now.getTime() + 3_600_000)), end: hhmmss(new Date(now.getTime() + 7_200_000)) } },
      closing: { schedule: '@yearly', window: { start: hhmmss(new Date(now.getTime() - 60_000)), end: hhmmss(end) } },
      finishing: { schedule: '@yearly', window: { start: hhmmss(new Date(now.getTime() - 60_000)), end: hhmmss(end), finishBeyondWindow: true } },
    }, 4_000);
    const token = CancellationToken.None;
    const skipped = await s.runScheduled('backup:closed', token);
    expect(skipped.skipped).to.match(/outside its backup window/);
    expect(backups.calls).to.have.length(0);
    const closed = await kernel.get<ScheduleStore>(ScheduleStore).get('backup:closed');
    expect(closed?.lastSlot).to.be.a('string');
    expect(closed?.lastStatus).to.equal(undefined);
    const [stopped, finished] = await Promise.all([s.runScheduled('backup:closing', token), s.runScheduled('backup:finishing', token)]);
    const job: JobDto = stopped.run!.job;
    expect(job.status).to.equal('stopped-at-window-end');
    expect(Date.parse(job.finishedAt!)).to.be.within(end.getTime() - 1000, end.getTime() + 1500);
    expect(finished.run?.job.status).to.equal('succeeded');
  });
});
