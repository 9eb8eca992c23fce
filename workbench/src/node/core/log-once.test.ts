import { expect } from 'chai';
import { asOneCommand, logOnce } from './log-once.js';

describe('logOnce', () => {
  it('says a line once per process, and once more within each command a long-lived process runs', async () => {
    const lines: string[] = [];
    const warn = logOnce((line) => lines.push(line));
    warn('a');
    warn('a');
    await asOneCommand(async () => {
      warn('a');
      await Promise.resolve();
      warn('a');
      warn('b');
    });
    warn('b');
    expect(lines).to.deep.equal(['a', 'a', 'b']);
  });
});
