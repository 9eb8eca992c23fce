import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import type { ReportDataDto } from '@timelocker/plugin-api';
import { PluginTestHost } from '@timelocker/plugin-api/testing';
import { cell } from './markdown.js';

const pluginPath = fileURLToPath(new URL('..', import.meta.url));

const report: ReportDataDto = {
  type: 'jobs', title: 'Backup jobs', generatedAt: '2025-03-01T08:00:00Z', generator: 'TimeLocker 0.1.0',
  columns: [{ key: 'plan', label: 'Plan' }, { key: 'status', label: 'Status' }, { key: 'files', label: 'Files' }],
  rows: [
    { plan: 'docs', status: 'succeeded', files: 120 },
    { plan: 'a|b', status: 'failed\nretry', files: null },
  ],
  meta: { repository: 'home', period: 'last 7 days' },
};

describe('markdown report format (real plugin host)', function () {
  this.timeout(30_000);
  let host: PluginTestHost;

  before(async () => {
    host = await PluginTestHost.start({ pluginPath });
  });
  after(() => host.dispose());

  it('renders title, metadata and a table with numeric columns right-aligned', async () => {
    const markdown = await host.renderReport('markdown', report);
    expect(markdown).to.equal([
      '# Backup jobs',
      '',
      '_Generated 2025-03-01T08:00:00Z by TimeLocker 0.1.0_',
      '',
      '- **repository**: home',
      '- **period**: last 7 days',
      '',
      '| Plan | Status | Files |',
      '| --- | --- | ---: |',
      '| docs | succeeded | 120 |',
      '| a\\|b | failed<br>retry |  |',
      '',
    ].join('\n'));
  });

  it('says so when there are no rows', async () => {
    const markdown = await host.renderReport('markdown', { ...report, rows: [], meta: {} });
    expect(markdown).to.match(/_No rows\._\n$/);
  });

  it('escapes cells', () => {
    expect(cell('a\\b|c')).to.equal('a\\\\b\\|c');
    expect(cell({ nested: true })).to.equal('{"nested":true}');
  });

  it('activates quickly', async () => {
    const outcome = await host.activate();
    expect(outcome.state).to.equal('active');
    expect(outcome.activationMs).to.be.below(1_000);
  });
});
