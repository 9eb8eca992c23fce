import { expect } from 'chai';
import { afterFailure, afterSuccess, type BreakerRecord, breakerSettingsOf, breakerState } from './breaker-state.js';

const settings = breakerSettingsOf({ repositories: {}, plans: {}, circuitBreaker: { failures: 3, coolDown: '5m', maxCoolDown: '6h' } });
const t0 = new Date('2026-03-01T00:00:00Z');
const at = (ms: number): Date => new Date(t0.getTime() + ms);
const minutes = (n: number): number => n * 60_000;

describe('circuit breaker state', () => {
  it('defaults: 5 failures, 5 minutes doubling up to 6 hours', () => {
    expect(breakerSettingsOf({ repositories: {}, plans: {} })).to.deep.equal({ enabled: true, failures: 5, coolDownMs: minutes(5), maxCoolDownMs: minutes(360) });
  });

  it('opens on the N-th failure in a row, pauses for the cool-down, then lets one trial through', () => {
    let record: BreakerRecord | undefined;
    for (let i = 1; i < 3; i++) {
      const step = afterFailure(record, 'r', `boom ${i}`, settings, at(i));
      expect(step.change).to.equal(undefined);
      record = step.record;
      expect(breakerState(record, at(i))).to.equal('closed');
    }
    const opened = afterFailure(record, 'r', 'boom 3', settings, at(3));
    expect(opened.change).to.equal('opened');
    expect(opened.record).to.include({ failures: 3, lastError: 'boom 3', coolDownMs: minutes(5), retryAt: at(3 + minutes(5)).toISOString(), openedAt: at(3).toISOString() });
    expect(breakerState(opened.record, at(minutes(5)))).to.equal('open');
    expect(breakerState(opened.record, at(3 + minutes(5)))).to.equal('half-open');
  });

  it('every failed trial doubles the cool-down, capped at the maximum; a success closes and resets', () => {
    let record: BreakerRecord = { repository: 'r', failures: 3, openedAt: t0.toISOString(), coolDownMs: minutes(5), retryAt: at(minutes(5)).toISOString() };
    const pauses: number[] = [];
    for (let i = 0; i < 8; i++) {
      const step = afterFailure(record, 'r', 'still down', settings, at(minutes(1000 * (i + 1))));
      expect(step.change).to.equal('opened');
      record = step.record;
      pauses.push(record.coolDownMs! / 60_000);
    }
    expect(pauses).to.deep.equal([10, 20, 40, 80, 160, 320, 360, 360]);
    expect(record.openedAt, 'opened when it first opened').to.equal(t0.toISOString());
    const closed = afterSuccess(record);
    expect(closed).to.deep.equal({ record: { repository: 'r', failures: 0 }, change: 'closed' });
    expect(breakerState(closed!.record, at(0))).to.equal('closed');
  });

  it('a success only resets a count below the threshold, and changes nothing on a healthy repository', () => {
    expect(afterSuccess({ repository: 'r', failures: 2, lastError: 'x' })).to.deep.equal({ record: { repository: 'r', failures: 0 } });
    expect(afterSuccess({ repository: 'r', failures: 0 })).to.equal(undefined);
    expect(afterSuccess(undefined)).to.equal(undefined);
  });
});
