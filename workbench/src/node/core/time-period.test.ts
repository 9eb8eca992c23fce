import { expect } from 'chai';
import { UsageError } from './errors.js';
import { isDuration, parseDuration, parsePeriod, parseTimeBound } from './time-period.js';

describe('time periods: one parser for the CLI, the REST API and the config', () => {
  const now = new Date('2026-11-25T00:00:00Z');

  it('parses durations, single and combined', () => {
    expect(parseDuration('10m')).to.equal(600_000);
    expect(parseDuration('1h30s')).to.equal(3_630_000);
    expect(parseDuration('0s')).to.equal(0);
    expect(parseDuration('1w')).to.equal(7 * 86_400_000);
    expect(isDuration('1h30m')).to.equal(true);
    expect(isDuration('2026-11-01')).to.equal(false);
  });

  it('reads a bound as a whole day (an end includes the day), an ISO time or an age back from now', () => {
    expect(parseTimeBound('2026-11-01')).to.equal('2026-11-01T00:00:00.000Z');
    expect(parseTimeBound('2026-11-01', { end: true })).to.equal('2026-11-02T00:00:00.000Z');
    expect(parseTimeBound('2026-11-01T12:30:00+01:00')).to.equal('2026-11-01T11:30:00.000Z');
    expect(parseTimeBound('7d', { now })).to.equal('2026-11-18T00:00:00.000Z');
    expect(parseTimeBound('12h', { now })).to.equal('2026-11-24T12:00:00.000Z');
    expect(parseTimeBound('90m', { now })).to.equal('2026-11-24T22:30:00.000Z');
  });

  it('refuses what it cannot read with a usage error naming the field and the accepted forms', () => {
    expect(() => parseTimeBound('last tuesday')).to.throw(UsageError, /^Cannot read the time "last tuesday": use YYYY-MM-DD/);
    try {
      parseTimeBound('soon', { field: 'querystring.since' });
      expect.fail('parsed "soon"');
    } catch (error) {
      expect(error).to.be.instanceOf(UsageError);
      expect((error as UsageError).message).to.match(/^querystring\.since: cannot read the time "soon".*7d/);
      expect((error as UsageError).issues?.[0]?.field).to.equal('querystring.since');
    }
  });

  it('reads a period and refuses an empty one', () => {
    expect(parsePeriod('2026-11-01', '2026-11-01', '--', now)).to.deep.equal({ from: '2026-11-01T00:00:00.000Z', to: '2026-11-02T00:00:00.000Z' });
    expect(parsePeriod(undefined, '1d', 'body.', now)).to.deep.equal({ to: '2026-11-24T00:00:00.000Z' });
    expect(() => parsePeriod('1d', '7d', 'body.', now)).to.throw(UsageError, /^body\.from: from .* must be before to/);
  });
});
