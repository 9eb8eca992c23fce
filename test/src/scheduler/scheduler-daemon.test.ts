import { expect } from 'chai';
import { pollUntil } from '@timelocker/plugin-api/testing';
import { json } from '../support/cli.js';
import type { TestWorkspace } from '../support/workspace.js';
import { editConfig, hhmmss, lockFiles, plansOf, workspaceWithRepo } from '../support/workspace-with-repo.js';

interface JobJson { id: string; kind: string; plan?: string; status: string; startedAt?: string; finishedAt?: string; error?: string }
interface ScheduleJson { plan: string; schedule: string; nextRun?: string; lastRun?: string; lastStatus?: string; lastJob?: string; window?: string }

describe('timelocker scheduler run (real restic, local repository)', function () {
  this.timeout(120_000);
  let ws: TestWorkspace;
  let source: string;
  let repo: string;

  before(async () => {
    ({ ws, source, repo } = await workspaceWithRepo(8 * 1024 * 1024));
  });

  after(async () => {
    await ws?.remove();
  });

  it('starts a scheduled backup inside the window and stops it gracefully at the window end', async () => {
    const slowPlan = (start: Date, end: Date): Record<string, unknown> => ({
      repository: 'home', paths: [source], schedule: '* * * * * *',
      // 8 MiB at 256 KiB/s takes ~32 s: still running when the window closes.
      limits: { uploadKiBps: 256 },
      window: { start: hhmmss(start), end: hhmmss(end) },
    });
    const hour = 3_600_000;
    await editConfig(ws, (config) => { plansOf(config)['slow'] = slowPlan(new Date(Date.now() + hour), new Date(Date.now() + 2 * hour)); });
    const daemon = ws.spawn(['scheduler', 'run']);
    let output = '';
    daemon.child.stdout!.on('data', (d: string) => (output += d));
    let windowEnd = new Date();
    try {
      await pollUntil('the scheduler to start', async () => (output.includes('Scheduler running') ? true : undefined));
      // The window opens once the daemon is up (slow machines start slowly) and closes 5 s later; the daemon
      // picks up the edited file on its next tick.
      const now = new Date();
      windowEnd = new Date(now.getTime() + 5_000);
      await editConfig(ws, (config) => { plansOf(config)['slow'] = slowPlan(new Date(now.getTime() - 60_000), windowEnd); });
      const job = await pollUntil('the backup stopped at the window end', async () => {
        const jobs = json<JobJson[]>(await ws.cli(['jobs', '--json']));
        return jobs.find((j) => j.plan === 'slow' && j.status === 'stopped-at-window-end');
      }, 30_000);
      expect(Date.parse(job.finishedAt!)).to.be.within(windowEnd.getTime() - 1_000, windowEnd.getTime() + 5_000);
      expect(job.error).to.match(/stopped at the end of its time window/);
      expect(await lockFiles(repo), 'restic removed its lock (SIGINT)').to.deep.equal([]);
      const listed = json<ScheduleJson[]>(await ws.cli(['schedule', 'list', '--json'])).find((p) => p.plan === 'slow');
      expect(listed).to.include({ schedule: '* * * * * *', lastStatus: 'stopped-at-window-end', lastJob: job.id });
      expect(listed?.window).to.match(/^\d\d:\d\d:\d\d–\d\d:\d\d:\d\d$/);
      // Outside the window no further backup starts, although the schedule fires every second.
      const jobs = json<JobJson[]>(await ws.cli(['jobs', '--json']));
      expect(jobs.filter((j) => j.plan === 'slow' && j.kind === 'backup')).to.have.length(1);
    } finally {
      daemon.child.kill('SIGTERM');
    }
    const exit = await daemon.done;
    expect(exit.code, exit.stderr).to.equal(0);
    expect(exit.stdout).to.include('Scheduler running with 1 scheduled plan(s)').and.include('Scheduler stopped.');
  });

  it('runs a plan on its schedule and never overlaps it; SIGINT stops the daemon and the run in progress', async () => {
    await editConfig(ws, (config) => {
      delete plansOf(config)['slow'];
      // The data not uploaded yet goes at 1 MiB/s: several seconds, while slots come every 2 s.
      plansOf(config)['quick'] = { repository: 'home', paths: [source], schedule: '*/2 * * * * *', limits: { uploadKiBps: 1024 } };
    });
    const daemon = ws.spawn(['scheduler', 'run']);
    let stderr = '';
    daemon.child.stderr!.on('data', (d: string) => (stderr += d));
    try {
      await pollUntil('a slot skipped because the run is still going', async () => (/plan quick: the run for \S+ is skipped, the previous run is still going/.test(stderr) ? true : undefined), 30_000);
    } finally {
      daemon.child.kill('SIGINT');
    }
    const exit = await daemon.done;
    expect(exit.stdout).to.include('Scheduler stopped.');
    const jobs = json<JobJson[]>(await ws.cli(['jobs', '--json'])).filter((j) => j.plan === 'quick');
    expect(jobs.map((j) => j.status), 'one run, stopped by SIGINT').to.deep.equal(['cancelled']);
    expect(await lockFiles(repo)).to.deep.equal([]);
  });
});
