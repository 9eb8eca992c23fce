import { CancellationTokenSource } from '@timelocker/plugin-api';
import { expect } from 'chai';
import { ResticError } from '../restic/restic-errors.js';
import { forgetArgs, forgetDecisions, type ResticForgetGroup } from '../restic/restic-forget-json.js';
import { describeLockHolder, parseLockHolder } from '../restic/restic-lock-holder.js';
import { checkFindings } from '../restic/restic-maintenance.js';
import { cancellableDelay } from './cancellable-delay.js';
import { RetryPolicyImpl } from './retry-policy.js';

/* Parsers are fed restic 0.14's real output, captured from runs on this machine. */

const lockedStderr = `unable to create lock in backend: repository is already locked by PID 21707 on vm by root (UID 0, GID 0)
lock was created at 2026-11-25 10:26:29 (1.94018637s ago)
storage ID 935f7f3b
the \`unlock\` command can be used to remove stale locks`;

describe('maintenance: restic output parsing', () => {
  it('reads the lock holder (PID, host, user, age) from restic\'s message', () => {
    const holder = parseLockHolder(lockedStderr);
    expect(holder).to.deep.equal({ pid: 21707, host: 'vm', user: 'root', exclusive: false, createdAt: '2026-11-25 10:26:29', age: '1.9s' });
    expect(describeLockHolder(holder!)).to.equal('a lock held by PID 21707 on host vm (user root), created 1.9s ago');
    expect(parseLockHolder('repository is already locked exclusively by PID 9 on box by ann (UID 1000, GID 1000)')?.exclusive).to.equal(true);
    expect(parseLockHolder('Fatal: wrong password')).to.equal(undefined);
  });

  it('matches restic 0.14 reasons (which carry no id) back to the kept snapshots', () => {
    const snap = (id: string, time: string) => ({ id, short_id: id.slice(0, 8), time, tree: `t${id}`, paths: ['/src'], hostname: 'vm' });
    const groups: ResticForgetGroup[] = [{
      tags: null, host: 'vm', paths: ['/src'],
      keep: [snap('cccccccc11', '2024-01-03T10:00:00Z'), snap('bbbbbbbb11', '2024-01-02T10:00:00Z')],
      remove: [snap('aaaaaaaa11', '2024-01-01T10:00:00Z')],
      reasons: [
        { snapshot: { time: '2024-01-03T10:00:00Z', tree: 'tcccccccc11', paths: ['/src'], hostname: 'vm' }, matches: ['last snapshot', 'daily snapshot'] },
        { snapshot: { time: '2024-01-02T10:00:00Z', tree: 'tbbbbbbbb11', paths: ['/src'], hostname: 'vm' }, matches: ['daily snapshot'] },
      ],
    }];
    expect(forgetDecisions(groups).map((d) => [d.shortId, d.action, d.reasons.join('+')])).to.deep.equal([
      ['cccccccc', 'keep', 'last snapshot+daily snapshot'], ['bbbbbbbb', 'keep', 'daily snapshot'], ['aaaaaaaa', 'remove', ''],
    ]);
  });

  it('builds forget argv from the rules, scoped by the plan tag', () => {
    expect(forgetArgs({ keepLast: 2, keepDaily: 7, keepWithin: '30d', keepTags: ['keep'], groupBy: ['host'] }, 'plan:docs', true)).to.deep.equal([
      'forget', '--json', '--dry-run', '--tag', 'plan:docs', '--keep-last', '2', '--keep-daily', '7', '--keep-within', '30d', '--keep-tag', 'keep', '--group-by', 'host',
    ]);
  });

  it('names what restic check reported', () => {
    expect(checkFindings('pack a4e07ce5: does not exist\nLoad(<data/a4e07ce5>, 0, 0) returned error, retrying after 552ms: open …\nFatal: repository contains errors\n')).to.equal('pack a4e07ce5: does not exist');
  });
});

describe('maintenance: RetryPolicy', () => {
  const policy = new RetryPolicyImpl();
  const error = (reason: ResticError['reason'], stderr = ''): ResticError => new ResticError(reason, reason, 1, stderr);

  it('retries network faults, 5xx answers and timeouts only', () => {
    expect(policy.isRetryable(error('network'))).to.equal(true);
    expect(policy.isRetryable(error('failed', 'Put "https://s3/x": 503 Service Unavailable'))).to.equal(true);
    expect(policy.isRetryable(error('failed', 'context deadline exceeded: timeout'))).to.equal(true);
    for (const reason of ['wrong-password', 'repository-missing', 'auth-failed', 'host-key', 'cancelled', 'unreadable-files'] as const) {
      expect(policy.isRetryable(error(reason)), reason).to.equal(false);
    }
    expect(policy.isRetryable(error('failed', 'Fatal: invalid argument'))).to.equal(false);
    expect(policy.isRetryable(error('failed', 'Load(<data/2c0c>) returned error, retrying after 552.330144ms: no such file\nFatal: repository contains errors'))).to.equal(false);
    expect(policy.isRetryable(error('failed', 'server response unexpected: 500 Internal Server Error (500)'))).to.equal(true);
    expect(policy.isRetryable(new Error('config error'))).to.equal(false);
  });

  it('backs off exponentially with jitter, capped by maxSeconds', () => {
    const settings = { attempts: 5, baseSeconds: 2, maxSeconds: 10 };
    expect(policy.delayMs(1, settings, () => 0)).to.equal(1000);
    expect(policy.delayMs(1, settings, () => 1)).to.equal(2000);
    expect(policy.delayMs(3, settings, () => 1)).to.equal(8000);
    expect(policy.delayMs(6, settings, () => 1)).to.equal(10_000);
    const jittered = new Set(Array.from({ length: 20 }, () => policy.delayMs(2, settings)));
    expect(jittered.size).to.be.greaterThan(1);
    for (const ms of jittered) expect(ms).to.be.within(2000, 4000);
  });

  it('waits can be cancelled at once', async () => {
    const source = new CancellationTokenSource();
    const started = Date.now();
    const waiting = cancellableDelay(60_000, source.token);
    source.cancel();
    await waiting.then(() => expect.fail('resolved'), (e: Error) => expect(e.name).to.equal('CancellationError'));
    expect(Date.now() - started).to.be.lessThan(1000);
  });
});
