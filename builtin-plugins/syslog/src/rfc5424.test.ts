import type { AuditEntryDto } from '@timelocker/plugin-api';
import { expect } from 'chai';
import { formatRfc5424, octetCounted } from './rfc5424.js';

const entry: AuditEntryDto = {
  seq: 41, time: '2026-05-01T10:20:30.456Z', type: 'policy.violation', severity: 'critical', actor: 'api:ops "night" [shift]',
  target: 'C:\\share]', details: { note: 'Grüße ✓' }, prevHash: 'a'.repeat(64), hash: 'b'.repeat(64),
};

describe('RFC 5424 messages of audit entries', () => {
  it('PRI from facility and severity, header fields, escaped structured data, the entry as JSON after a BOM', () => {
    const message = formatRfc5424(entry, { facility: 'local4', appName: 'time locker', hostname: 'host-1' });
    // local4 = 20; critical = 2: 20 * 8 + 2.
    expect(message).to.equal('<162>1 2026-05-01T10:20:30.456Z host-1 time_locker - policy.violation '
      + `[timelocker@32473 seq="41" type="policy.violation" actor="api:ops \\"night\\" [shift\\]" hash="${'b'.repeat(64)}" target="C:\\\\share\\]"] `
      + `\uFEFF${JSON.stringify(entry)}`);
  });

  it('octet counting counts bytes, not characters', () => {
    expect(octetCounted('ä ✓').toString('utf8')).to.equal('6 ä ✓');
  });
});
