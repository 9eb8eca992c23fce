import { expect } from 'chai';
import { isWindowOpen, nextWindowStart, openWindowAt } from './backup-window.js';

const local = (day: number, h: number, m = 0, s = 0): Date => new Date(2026, 10, day, h, m, s); // Nov 2026: the 23rd is a Monday

describe('backup windows (local time)', () => {
  it('is open inside a same-day range, start inclusive and end exclusive', () => {
    const w = { start: '09:00', end: '17:30' };
    expect(isWindowOpen(w, local(23, 9))).to.equal(true);
    expect(isWindowOpen(w, local(23, 17, 29, 59))).to.equal(true);
    expect(isWindowOpen(w, local(23, 17, 30))).to.equal(false);
    expect(isWindowOpen(w, local(23, 8, 59, 59))).to.equal(false);
  });

  it('crosses midnight, and the days name the day the window opens on', () => {
    const w = { days: ['fri' as const], start: '22:00', end: '06:00' };
    expect(isWindowOpen(w, local(27, 23))).to.equal(true); // Friday night
    expect(isWindowOpen(w, local(28, 5, 59))).to.equal(true); // Saturday morning, opened Friday
    expect(openWindowAt(w, local(28, 1))?.end.getTime()).to.equal(local(28, 6).getTime());
    expect(isWindowOpen(w, local(28, 23))).to.equal(false); // Saturday night: not a window day
    expect(isWindowOpen(w, local(27, 5))).to.equal(false); // Friday morning belongs to Thursday's window
  });

  it('treats start == end as the whole day, and takes seconds', () => {
    expect(isWindowOpen({ start: '00:00', end: '00:00' }, local(24, 13))).to.equal(true);
    expect(isWindowOpen({ start: '10:00:00', end: '10:00:05' }, local(24, 10, 0, 4))).to.equal(true);
    expect(isWindowOpen({ start: '10:00:00', end: '10:00:05' }, local(24, 10, 0, 5))).to.equal(false);
  });

  it('finds the next opening on an allowed day', () => {
    const w = { days: ['mon' as const, 'wed' as const], start: '22:00', end: '02:00' };
    expect(nextWindowStart(w, local(24, 12))?.getTime()).to.equal(local(25, 22).getTime());
    expect(nextWindowStart(w, local(23, 21))?.getTime()).to.equal(local(23, 22).getTime());
  });
});
