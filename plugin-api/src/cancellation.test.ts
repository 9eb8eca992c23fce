import { expect } from 'chai';
import { type CancellationToken, CancellationTokenSource } from './cancellation.js';
import { Disposable } from './disposable.js';

/** A parent token that counts the listeners currently subscribed to it. */
function countingToken(): { token: CancellationToken; readonly listeners: number; cancel(): void } {
  const subscribed = new Set<() => unknown>();
  const token: CancellationToken = {
    get isCancellationRequested() {
      return false;
    },
    onCancellationRequested: (listener) => {
      const entry = (): unknown => listener(undefined);
      subscribed.add(entry);
      return new Disposable(() => subscribed.delete(entry));
    },
  };
  return { token, get listeners() { return subscribed.size; }, cancel: () => [...subscribed].forEach((l) => l()) };
}

describe('CancellationTokenSource', () => {
  it('removes its listener from the parent when disposed (10,000 children under one parent)', () => {
    const parent = countingToken();
    for (let i = 0; i < 10_000; i++) {
      const child = new CancellationTokenSource(parent.token);
      expect(parent.listeners).to.equal(1);
      child.dispose();
    }
    expect(parent.listeners).to.equal(0);
  });

  it('still follows a parent cancelled while the child lives', () => {
    const parent = countingToken();
    const child = new CancellationTokenSource(parent.token);
    let heard = 0;
    child.token.onCancellationRequested(() => heard++);
    parent.cancel();
    expect(child.token.isCancellationRequested).to.equal(true);
    expect(heard).to.equal(1);
    child.dispose();
    expect(parent.listeners).to.equal(0);
  });
});
