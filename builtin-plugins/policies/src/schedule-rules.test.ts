import { expect } from 'chai';
import { CancellationToken, type JobDto, type JobFilter, type PolicyContextDto, type PolicyRule } from '@timelocker/plugin-api';
import { backupWindow } from './backup-window.js';
import { maxSnapshotAge } from './max-snapshot-age.js';
import { minRetention } from './min-retention.js';
import { requireCheck } from './require-check.js';

const now = '2026-11-25T12:00:00.000Z';
const hoursAgo = (h: number): string => new Date(Date.parse(now) - h * 3_600_000).toISOString();

function context(extra: Partial<PolicyContextDto> = {}): PolicyContextDto {
  return {
    operation: 'backup', now,
    repository: { name: 'home', backend: 'local', config: {} },
    plan: { name: 'docs', repository: 'home', paths: ['/d'], exclude: [], tags: [] },
    ...extra,
  };
}

/** The workspace's job list as plugins see it: filtered by status, repository and plan, newest first. */
function jobsOf(jobs: JobDto[]): { getJobs(filter?: JobFilter): Promise<JobDto[]> } {
  return {
    getJobs: async (filter = {}) => jobs.filter((j) => (!filter.status || j.status === filter.status)
      && (!filter.repository || j.repository === filter.repository) && (!filter.plan || j.plan === filter.plan)),
  };
}

const job = (kind: JobDto['kind'], finishedHoursAgo: number, status: JobDto['status'] = 'succeeded', plan = 'docs'): JobDto => ({
  id: `${kind}-${finishedHoursAgo}`, kind, status, repository: 'home', plan, queuedAt: hoursAgo(finishedHoursAgo + 1), finishedAt: hoursAgo(finishedHoursAgo),
});

const run = (rule: PolicyRule, ctx: PolicyContextDto, options: Record<string, unknown> = {}) => rule.evaluate(ctx, options as never, CancellationToken.None);

describe('policy rules: min-retention, max-snapshot-age, require-check, backup-window', () => {
  it('min-retention: requires at least N per bucket; keepWithin counts; no retention keeps everything', async () => {
    expect(await run(minRetention, context({ retention: { keepDaily: 7 } }), { keepDaily: 7 })).to.deep.equal([]);
    const short = await run(minRetention, context({ retention: { keepDaily: 3, keepWeekly: 4 } }), { keepDaily: 7, keepWeekly: 4 });
    expect(short).to.have.length(1);
    expect(short[0]!.message).to.include('plan "docs" keeps 3 daily snapshot(s)').and.include('at least 7');
    expect(await run(minRetention, context({ retention: { keepWithin: '10d' } }), { keepDaily: 7 })).to.deep.equal([]);
    expect(await run(minRetention, context({ retention: { keepWithin: '5d' } }), { keepDaily: 7 })).to.have.length(1);
    expect(await run(minRetention, context(), { keepDaily: 7 })).to.deep.equal([]);
  });

  it('max-snapshot-age: a violation when the last successful backup is older than N hours, or missing', async () => {
    const fresh = maxSnapshotAge(jobsOf([job('backup', 30), job('backup', 2), job('backup', 1, 'failed')]));
    expect(await run(fresh, context(), { hours: 24 })).to.deep.equal([]);
    const stale = maxSnapshotAge(jobsOf([job('backup', 30), job('check', 1), job('backup', 1, 'failed')]));
    const [finding] = await run(stale, context(), { hours: 24 });
    expect(finding?.message).to.match(/no successful backup of plan "docs" in 30\.0 hours/);
    const never = await run(maxSnapshotAge(jobsOf([])), context(), { hours: 24 });
    expect(never[0]?.message).to.include('has no successful backup yet');
    // Starting a backup is the remedy: it is never held up by this rule.
    expect(await run(stale, context({ trigger: 'manual' }), { hours: 24 })).to.deep.equal([]);
  });

  it('require-check: a successful check of the repository at least every N days', async () => {
    expect(await run(requireCheck(jobsOf([job('check', 24, 'succeeded', 'x')])), context(), { days: 7 })).to.deep.equal([]);
    const old = await run(requireCheck(jobsOf([job('check', 24 * 9), job('check', 1, 'failed')])), context(), { days: 7 });
    expect(old[0]?.message).to.match(/last checked successfully 9\.0 days ago/);
    expect((await run(requireCheck(jobsOf([])), context(), { days: 7 }))[0]?.message).to.include('never been checked');
    expect(await run(requireCheck(jobsOf([])), context({ operation: 'check' }), { days: 7 })).to.deep.equal([]);
  });

  it('backup-window: refuses a manual backup outside the window unless forced; scheduled runs and policy check pass', async () => {
    const closed = { start: '22:00', end: '06:00', days: ['mon'], openNow: false };
    const [refused] = await run(backupWindow, context({ trigger: 'manual', window: closed }));
    expect(refused?.message).to.include('outside its backup window (mon 22:00–06:00').and.include('timelocker backup docs --force');
    expect(await run(backupWindow, context({ trigger: 'manual', forced: true, window: closed }))).to.deep.equal([]);
    expect(await run(backupWindow, context({ trigger: 'manual', window: { ...closed, openNow: true } }))).to.deep.equal([]);
    expect(await run(backupWindow, context({ trigger: 'scheduler', window: closed }))).to.deep.equal([]);
    expect(await run(backupWindow, context({ window: closed }))).to.deep.equal([]);
  });
});
