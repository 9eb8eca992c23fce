import { expect } from 'chai';
import { AuthThrottle } from './auth-throttle.js';

describe('AuthThrottle: failed authentications per client and per token prefix', () => {
  it('refuses failures over the limit under any of their keys until the window has passed, once marked as started', () => {
    const throttle = new AuthThrottle(3, 60_000);
    const t0 = 1_000_000;
    for (let i = 0; i < 3; i++) expect(throttle.recordFailure(['client:a', `token:guess${i}`], t0 + i)).to.deep.equal({ retryAfter: 0, started: false });
    const over = throttle.recordFailure(['client:a', 'token:guess9'], t0 + 10);
    expect(over.started).to.equal(true);
    expect(over.retryAfter).to.equal(60);
    expect(throttle.recordFailure(['client:a', 'token:x'], t0 + 20).started, 'started only once').to.equal(false);
    // Another client presenting a fresh token is not affected; the same token prefix from anywhere is.
    expect(throttle.recordFailure(['client:b', 'token:fresh'], t0 + 30).retryAfter).to.equal(0);
    for (let i = 0; i < 3; i++) throttle.recordFailure([`client:c${i}`, 'token:revoked'], t0 + 40 + i);
    expect(throttle.recordFailure(['client:d', 'token:revoked'], t0 + 50).retryAfter).to.be.greaterThan(0);
    // A minute after the oldest counted failures, client a may fail (and be told 401) again.
    expect(throttle.recordFailure(['client:a', 'token:later'], t0 + 60_025).retryAfter).to.equal(0);
  });

  it('forgets the stalest keys beyond 10 000, so random guesses cannot grow its memory', () => {
    const throttle = new AuthThrottle(1, 60_000);
    for (let i = 0; i < 12_000; i++) throttle.recordFailure([`token:${i}`], 1_000 + i);
    expect(throttle.recordFailure(['token:0'], 20_000).retryAfter, 'the first key was forgotten').to.equal(0);
    expect(throttle.recordFailure(['token:11999'], 20_001).retryAfter, 'a recent key is kept').to.be.greaterThan(0);
  });
});
