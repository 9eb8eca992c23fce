import { execFileSync } from 'node:child_process';
import { expect } from 'chai';
import { cronToOnCalendar } from './cron-to-oncalendar.js';
import { systemdAnalyze } from './systemd-analyze.test-support.js';

describe('cron → systemd OnCalendar', () => {
  const cases: Array<[string, string]> = [
    ['@hourly', '*-*-* *:00:00'],
    ['@daily', '*-*-* 00:00:00'],
    ['@weekly', 'Sun *-*-* 00:00:00'],
    ['@monthly', '*-*-01 00:00:00'],
    ['30 2 * * *', '*-*-* 02:30:00'],
    ['*/15 * * * *', '*-*-* *:00/15:00'],
    ['0 9-17 * * 1-5', 'Mon..Fri *-*-* 09..17:00:00'],
    ['0 22 * * 5-7', 'Fri..Sat,Sun *-*-* 22:00:00'],
    ['0 4 1,15 * *', '*-*-01,15 04:00:00'],
    ['0 0 1 jan *', '*-01-01 00:00:00'],
    ['15 3 * * sun,wed', 'Sun,Wed *-*-* 03:15:00'],
    ['*/20 5 4 * * *', '*-*-* 04:05:00/20'],
  ];

  it('converts the common forms', () => {
    for (const [cron, calendar] of cases) expect(cronToOnCalendar(cron), cron).to.equal(calendar);
  });

  it('produces expressions systemd itself accepts', () => {
    const analyze = systemdAnalyze();
    for (const [, calendar] of cases) execFileSync(analyze, ['calendar', calendar], { stdio: 'pipe' });
  });

  it('refuses, with the reason, what systemd cannot express the same way', () => {
    expect(() => cronToOnCalendar('0 3 1 * 1')).to.throw(/EITHER the day of month or the day of week/);
    expect(() => cronToOnCalendar('0 1-5/2 * * *')).to.throw(/range with a step/);
    expect(() => cronToOnCalendar('0 3 L * *')).to.throw(/"L" is not a valid day of month/);
    expect(() => cronToOnCalendar('0 3 * * 1#2')).to.throw(/"1#2" in the day-of-week field/);
    expect(() => cronToOnCalendar('0 3 * * 1-5/2')).to.throw(/"1-5\/2" in the day-of-week field/);
    expect(() => cronToOnCalendar('@reboot')).to.throw(/unknown nickname/);
    expect(() => cronToOnCalendar('0 3 * *')).to.throw(/5 fields/);
    expect(() => cronToOnCalendar('0 25 * * *')).to.throw(/"25" is not a valid hour/);
  });
});
