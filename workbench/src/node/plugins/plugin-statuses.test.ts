import { expect } from 'chai';
import { hasFailed } from './contribution-availability.js';
import type { PluginStatus } from './plugin-service.js';
import { PluginStatuses } from './plugin-statuses.js';
import type { ScannedPlugin } from './plugin-scanner.js';

const plugin: ScannedPlugin = {
  id: 'acme.store', version: '1.0.0', path: '/plugins/acme.store', builtin: false, rejected: false, messages: [], activationEvents: ['onBackend:acme.store'],
};

describe('plugin statuses', () => {
  const retried = (): { statuses: PluginStatuses; seen: PluginStatus[] } => {
    const statuses = new PluginStatuses([plugin], () => ({ version: '1.0.0', error: 'activate() of acme.store failed: boom', at: '2026-11-30T07:00:00.000Z' }));
    const seen: PluginStatus[] = [];
    statuses.onDidChange((status) => seen.push(status));
    statuses.update(plugin.id, { state: 'activating' });
    return { statuses, seen };
  };

  it('a retry of a failed activation keeps the failure until it ends: still failed for everything that needs the plugin', () => {
    const { statuses, seen } = retried();
    const retrying = statuses.get(plugin.id)!;
    expect(retrying).to.include({ state: 'activating', error: 'activate() of acme.store failed: boom', failedAt: '2026-11-30T07:00:00.000Z' });
    expect(hasFailed(retrying)).to.equal(true);
    expect(seen.map((s) => s.state)).to.deep.equal(['activating']);

    statuses.update(plugin.id, { state: 'failed', error: 'activate() of acme.store failed: boom again' });
    const failed = statuses.get(plugin.id)!;
    expect(failed).to.include({ state: 'failed', error: 'activate() of acme.store failed: boom again' });
    expect(Date.parse(failed.failedAt!)).to.be.greaterThan(Date.parse('2026-11-30T07:00:00.000Z'));
  });

  it('a retry that succeeds ends the failure', () => {
    const { statuses } = retried();
    statuses.update(plugin.id, { state: 'active', activationMs: 3 });
    const active = statuses.get(plugin.id)!;
    expect(active.state).to.equal('active');
    expect(active.error).to.equal(undefined);
    expect(active.failedAt).to.equal(undefined);
    expect(hasFailed(active)).to.equal(false);
  });

  it('a first activation is not a failure', () => {
    const statuses = new PluginStatuses([plugin], () => undefined);
    statuses.update(plugin.id, { state: 'activating' });
    expect(hasFailed(statuses.get(plugin.id)!)).to.equal(false);
  });
});
