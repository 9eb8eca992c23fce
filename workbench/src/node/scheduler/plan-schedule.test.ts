import { expect } from 'chai';
import { PlanSchedule, scheduleProblem } from './plan-schedule.js';

const local = (day: number, h: number, m = 0): Date => new Date(2026, 10, day, h, m);

describe('plan schedules (croner, local time)', () => {
  it('understands the nicknames and 5- or 6-field cron expressions', () => {
    expect(new PlanSchedule('@daily').nextAfter(local(24, 10))?.getTime()).to.equal(local(25, 0).getTime());
    expect(new PlanSchedule('@hourly').nextAfter(local(24, 10, 5))?.getTime()).to.equal(local(24, 11).getTime());
    expect(new PlanSchedule('@weekly').nextAfter(local(24, 10))?.getDay()).to.equal(0);
    expect(new PlanSchedule('@monthly').nextAfter(local(24, 10))?.getTime()).to.equal(new Date(2026, 11, 1).getTime());
    expect(new PlanSchedule('30 2 * * 1-5').nextAfter(local(27, 3))?.getTime()).to.equal(local(30, 2, 30).getTime());
    expect(new PlanSchedule('*/10 * * * * *').nextAfter(new Date(2026, 10, 24, 10, 0, 1))?.getSeconds()).to.equal(10);
  });

  it('catches up once, on the latest missed slot, however many were missed', () => {
    const daily = new PlanSchedule('0 3 * * *');
    // Off from Monday 02:00 to Thursday 12:00: three 03:00 slots passed; one run, for Thursday's.
    expect(daily.missedSince(local(23, 3), local(26, 12))?.getTime()).to.equal(local(26, 3).getTime());
    expect(daily.missedSince(local(26, 3), local(26, 12))).to.equal(undefined);
    expect(daily.latestAtOrBefore(local(26, 3))?.getTime()).to.equal(local(26, 3).getTime());
  });

  it('says what is wrong with a bad expression', () => {
    expect(scheduleProblem('@daily')).to.equal(undefined);
    expect(scheduleProblem('every day')).to.match(/"every day" is not a cron schedule/);
    expect(scheduleProblem('61 * * * *')).to.match(/not a cron schedule/);
  });

  it('says when valid fields match no date at all, but not when a date is only rare', () => {
    expect(scheduleProblem('0 0 31 2 *')).to.equal('"0 0 31 2 *" never fires (no date matches)');
    expect(scheduleProblem('0 0 31 4,6,9,11 *')).to.match(/never fires/);
    expect(scheduleProblem('0 0 29 2 *')).to.equal(undefined);
    // Day of month or day of week: Mondays in February fire.
    expect(scheduleProblem('0 0 31 2 1')).to.equal(undefined);
  });
});
