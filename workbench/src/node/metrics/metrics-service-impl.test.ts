import { execFile } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { CancellationToken, type JobDto } from '@timelocker/plugin-api';
import { expect } from 'chai';
import { kernelOptionsFor, newCatalog, tempDataDir } from '../catalog/catalog-test-support.js';
import { JobStoreImpl } from '../catalog/job-store-impl.js';
import type { ResticTarget } from '../restic/restic-engine.js';
import { ResticRunnerImpl } from '../restic/restic-runner.js';
import { MetricsServiceImpl } from './metrics-service-impl.js';
import { planHealthOf } from '../catalog/plan-health.js';
import { planStatuses } from '../status/plan-status.js';

const run = promisify(execFile);

const job = (over: Partial<JobDto>): JobDto => ({ id: 'x', kind: 'backup', status: 'succeeded', repository: 'r', plan: 'p', queuedAt: '2026-11-01T00:00:00Z', ...over });

describe('MetricsService with a real restic repository', function () {
  this.timeout(60_000);
  let data: Awaited<ReturnType<typeof tempDataDir>>;
  let metrics: MetricsServiceImpl;
  let close: () => Promise<void>;
  let target: ResticTarget;

  before(async () => {
    data = await tempDataDir();
    const { catalog, log } = newCatalog(data.dir);
    close = () => catalog.close();
    metrics = new MetricsServiceImpl(catalog, new JobStoreImpl(catalog, log, kernelOptionsFor(data.dir)), new ResticRunnerImpl(kernelOptionsFor(data.dir), log));
    const repo = join(data.dir, 'repo');
    const source = join(data.dir, 'source');
    await mkdir(source);
    await writeFile(join(source, 'a.txt'), 'hello '.repeat(10_000));
    const env = { ...process.env, RESTIC_PASSWORD: 'pw-metrics', RESTIC_REPOSITORY: repo, RESTIC_CACHE_DIR: join(data.dir, 'cache') };
    await run('restic', ['init'], { env });
    await run('restic', ['backup', source], { env });
    await run('restic', ['backup', source], { env });
    target = { name: 'main', location: { repository: repo }, password: 'pw-metrics' };
  });

  after(async () => {
    await close();
    await data.dispose();
  });

  it('samples restic stats (raw data, restore size, snapshot count) into the time series', async () => {
    const taken = await metrics.sample(target, 'job-1', CancellationToken.None);
    const [sample] = await metrics.storageSamples({ repository: 'main' });
    expect(sample).to.deep.equal(taken);
    expect(sample).to.include({ repository: 'main', jobId: 'job-1', snapshotCount: 2 });
    expect(sample!.rawSize).to.be.greaterThan(0);
    // Two snapshots of the same 60 kB file: restoring both writes twice what the repository stores (compressed, once).
    expect(sample!.restoreSize).to.equal(120_000);
    expect(sample!.dedupRatio).to.be.greaterThan(2);
    expect(await metrics.storageSamples({ repository: 'other' })).to.deep.equal([]);
  });

  it('a failing sample (wrong password) throws what restic said and adds no row', async () => {
    const failed = await metrics.sample({ ...target, password: 'wrong' }, null, CancellationToken.None).then(() => undefined, (error: unknown) => error as Error);
    expect(failed?.message).to.match(/password/i);
    expect(await metrics.storageSamples()).to.have.length(1);
  });

  it('plan health: success rate, average duration, last success and failure; user cancels do not count', () => {
    const health = planHealthOf([
      job({ id: '1', finishedAt: '2026-11-01T01:00:00Z', summary: { durationSeconds: 10 } }),
      job({ id: '2', status: 'failed', finishedAt: '2026-11-02T01:00:00Z', error: 'repository is already locked' }),
      job({ id: '3', finishedAt: '2026-11-03T01:00:00Z', summary: { durationSeconds: 20 } }),
      job({ id: '4', status: 'cancelled', finishedAt: '2026-11-04T01:00:00Z' }),
      job({ id: '5', kind: 'check', status: 'failed', finishedAt: '2026-11-05T01:00:00Z' }),
    ]);
    expect(health).to.deep.equal([{
      plan: 'p', repository: 'r', runs: 3, succeeded: 2, successRate: 2 / 3, averageDurationSeconds: 15, lastDurationSeconds: 20,
      lastSuccess: '2026-11-03T01:00:00Z', lastFailure: { time: '2026-11-02T01:00:00Z', error: 'repository is already locked' },
    }]);
  });

  it('plan status: configured plans without runs, the next run or "not scheduled", and the size trend', () => {
    const samples = [
      { repository: 'r', time: '2026-11-20T00:00:00Z', jobId: null, rawSize: 100, restoreSize: null, blobCount: null, snapshotCount: 1, dedupRatio: null },
      { repository: 'r', time: '2026-11-24T00:00:00Z', jobId: null, rawSize: 250, restoreSize: null, blobCount: null, snapshotCount: 3, dedupRatio: null },
    ];
    const plans = [{ name: 'p', repository: 'r', paths: [], exclude: [], tags: [] }, { name: 'q', repository: 's', paths: [], exclude: [], tags: [] }];
    const statuses = planStatuses(plans, planHealthOf([job({ finishedAt: '2026-11-24T00:00:00Z' })]), samples, new Map([['p', '2026-11-26T02:00:00.000Z']]), [], new Date('2026-11-25T00:00:00Z'));
    expect(statuses.map((s) => [s.plan, s.nextRun, s.runs])).to.deep.equal([['p', '2026-11-26T02:00:00.000Z', 1], ['q', 'not scheduled', 0]]);
    expect(statuses[0]!.repositorySize).to.include({ current: 250, change: 150, snapshots: 3, since: '2026-11-20T00:00:00Z' });
    expect(statuses[1]!.repositorySize).to.equal(null);
  });
});
