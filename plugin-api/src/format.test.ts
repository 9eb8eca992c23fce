import { expect } from 'chai';
import { formatBytes } from './index.js';

describe('formatBytes: one byte formatter for the CLI, the UI and reports', () => {
  it('shows whole bytes, then IEC units with one decimal', () => {
    expect(formatBytes(0)).to.equal('0 B');
    expect(formatBytes(1023)).to.equal('1023 B');
    expect(formatBytes(1024)).to.equal('1.0 KiB');
    expect(formatBytes(1536)).to.equal('1.5 KiB');
    expect(formatBytes(5 * 1024 ** 3 + 300 * 1024 ** 2)).to.equal('5.3 GiB');
    expect(formatBytes(2 * 1024 ** 5)).to.equal('2.0 PiB');
  });

  it('never shows 1024 of a unit, and keeps the sign of a negative change', () => {
    expect(formatBytes(1024 * 1024 - 1)).to.equal('1.0 MiB');
    expect(formatBytes(-3 * 1024 * 1024)).to.equal('-3.0 MiB');
  });
});
