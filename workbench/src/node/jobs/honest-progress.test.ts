import { expect } from 'chai';
import { honestProgress } from './honest-progress.js';

describe('honestProgress', () => {
  it('never goes backwards, never above 100 %, and drops totals smaller than what is done', () => {
    // restic's early status lines: files counted before the scanner reports a total, then an estimate that drops.
    const first = honestProgress(undefined, { percentDone: 0.4, filesDone: 1, totalFiles: 0, bytesDone: 10, totalBytes: 0 });
    expect(first).to.deep.equal({ percentDone: 0.4, filesDone: 1, bytesDone: 10 });
    const second = honestProgress(first, { percentDone: 0.2, filesDone: 3, totalFiles: 10, bytesDone: 5, totalBytes: 100 });
    expect(second).to.deep.equal({ percentDone: 0.4, filesDone: 3, totalFiles: 10, bytesDone: 10, totalBytes: 100 });
    const third = honestProgress(second, { percentDone: 1.3, filesDone: 12, totalFiles: 10, bytesDone: 120, totalBytes: 100, currentFiles: ['/a'] });
    expect(third).to.deep.equal({ percentDone: 1, filesDone: 12, bytesDone: 120, currentFiles: ['/a'] });
  });
});
