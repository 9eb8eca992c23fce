import { expect } from 'chai';
import { CancellationToken, type LastRunDto, type PolicyContextDto, type PolicyRule } from '@timelocker/plugin-api';
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

/** A successful run that finished `hours` ago, as the kernel puts it in the context. */
const finished = (jobId: string, hours: number): LastRunDto => ({ jobId, finishedAt: hoursAgo(hours) });

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
    expect(await run(maxSnapshotAge, context({ lastBackup: finished('backup-2', 2) }), { hours: 24 })).to.deep.equal([]);
    const stale = context({ lastBackup: finished('backup-30', 30), lastCheck: finished('check-1', 1) });
    const [finding] = await run(maxSnapshotAge, stale, { hours: 24 });
    expect(finding?.message).to.match(/no successful backup of plan "docs" in 30\.0 hours \(last .*, job backup-30\)/);
    const never = await run(maxSnapshotAge, context(), { hours: 24 });
    expect(never[0]?.message).to.include('has no successful backup yet');
    const { plan: _plan, ...repositoryWide } = context();
    expect((await run(maxSnapshotAge, repositoryWide, { hours: 24 }))[0]?.message).to.include('repository "home" has no successful backup yet');
    // Starting a backup is the remedy: it is never held up by this rule.
    expect(await run(maxSnapshotAge, { ...stale, trigger: 'manual' }, { hours: 24 })).to.deep.equal([]);
  });

  it('require-check: a successful check of the repository at least every N days', async () => {
    expect(await run(requireCheck, context({ lastCheck: finished('check-24', 24) }), { days: 7 })).to.deep.equal([]);
    const old = await run(requireCheck, context({ lastCheck: finished('check-216', 24 * 9), lastBackup: finished('backup-1', 1) }), { days: 7 });
    expect(old[0]?.message).to.match(/last checked successfully 9\.0 days ago/);
    expect((await run(requireCheck, context(), { days: 7 }))[0]?.message).to.include('never been checked');
    expect(await run(requireCheck, context({ operation: 'check' }), { days: 7 })).to.deep.equal([]);
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
