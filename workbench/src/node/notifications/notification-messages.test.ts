import { expect } from 'chai';
import type { JobDto } from '@timelocker/plugin-api';
import { jobNotification, messageHash, policyNotification } from './notification-messages.js';

const job = (over: Partial<JobDto>): JobDto => ({ id: 'j', kind: 'backup', status: 'succeeded', repository: 'home', plan: 'docs', queuedAt: '2024-01-01T00:00:00Z', ...over });

describe('notification messages', () => {
  it('maps finished jobs to events; cancelled, interrupted and other kinds are not notified', () => {
    expect(jobNotification(job({ status: 'failed', error: 'boom' }))).to.include({ event: 'backup.failed', severity: 'error' });
    expect(jobNotification(job({ summary: { snapshotId: 'abcd1234', filesNew: 2 } }))?.body).to.match(/^Snapshot abcd1234 saved to repository "home": 2 new/);
    expect(jobNotification(job({ kind: 'check', plan: undefined, status: 'failed', error: 'damaged' }))).to.include({ event: 'check.failed', title: 'Check of repository "home" failed' });
    for (const other of [job({ status: 'cancelled' }), job({ status: 'interrupted' }), job({ kind: 'restore' }), job({ kind: 'check' })]) {
      expect(jobNotification(other), `${other.kind} ${other.status}`).to.equal(undefined);
    }
  });

  it('describes policy findings; blocking ones make it an error', () => {
    const scope = { operation: 'backup' as const, repository: 'virginia', plan: 'docs' };
    const finding = { rule: 'region-allowlist', policy: 0, message: 'us-east-1 is not allowed', repository: 'virginia', plan: 'docs' };
    const blocked = policyNotification(scope, [{ ...finding, severity: 'error' }]);
    expect(blocked).to.include({ event: 'policy.violation', severity: 'error', title: 'Policy violation: backup of repository "virginia" (plan "docs") blocked' });
    expect(blocked.body).to.equal('[error] region-allowlist (policies[0]): us-east-1 is not allowed');
    expect(policyNotification(scope, [{ ...finding, severity: 'warning' }]).severity).to.equal('warning');
  });

  it('treats messages as identical by event, title and body, not by job ids in details', () => {
    const a = jobNotification(job({ id: 'a', status: 'failed', error: 'boom' }))!;
    const b = jobNotification(job({ id: 'b', status: 'failed', error: 'boom' }))!;
    expect(messageHash(a)).to.equal(messageHash(b));
    expect(messageHash(a)).to.not.equal(messageHash(jobNotification(job({ status: 'failed', error: 'other' }))!));
  });
});
