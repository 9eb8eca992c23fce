import { expect } from 'chai';
import { SharedRead } from './shared-read.js';

describe('SharedRead', () => {
  it('shares one computation between reads until invalidated, and keeps no failure', async () => {
    let computed = 0;
    let fail = false;
    const shared = new SharedRead(async () => {
      computed++;
      if (fail) throw new Error('unreadable');
      return computed;
    }, 60_000);
    expect(await Promise.all([shared.read(), shared.read()])).to.deep.equal([1, 1]);
    expect(await shared.read()).to.equal(1);
    shared.invalidate();
    fail = true;
    await shared.read().then(() => expect.fail('the read should fail'), (error: Error) => expect(error.message).to.equal('unreadable'));
    fail = false;
    expect(await shared.read()).to.equal(3);
    expect(computed).to.equal(3);
  });
});
