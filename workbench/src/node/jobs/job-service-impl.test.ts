import { type CancellationToken, CancellationTokenSource, Disposable, type JobDto } from '@timelocker/plugin-api';
import { expect } from 'chai';
import { kernelOptionsFor, newCatalog, tempDataDir } from '../catalog/catalog-test-support.js';
import { JobStoreImpl } from '../catalog/job-store-impl.js';
import type { JobContext, JobResult, JobSpec } from './job-service.js';
import { JobServiceImpl } from './job-service-impl.js';

interface Gate {
  readonly started: Promise<void>;
  open(): void;
  readonly work: (context: JobContext) => Promise<JobResult>;
}

/** A job body that reports when it starts and finishes only when the test opens the gate. */
function gate(): Gate {
  let markStarted!: () => void;
  let release!: () => void;
  const started = new Promise<void>((r) => (markStarted = r));
  const released = new Promise<void>((r) => (release = r));
  return {
    started,
    open: () => release(),
    work: async () => {
      markStarted();
      await released;
      return { summary: { filesNew: 1 } };
    },
  };
}

describe('JobServiceImpl (real catalog)', () => {
  let dispose: () => Promise<void>;
  let jobs: JobServiceImpl;
  let closeCatalog: () => Promise<void>;
  let store: JobStoreImpl;

  beforeEach(async () => {
    const temp = await tempDataDir();
    dispose = temp.dispose;
    const { catalog, log } = newCatalog(temp.dir);
    closeCatalog = () => catalog.close();
    store = new JobStoreImpl(catalog, log, kernelOptionsFor(temp.dir));
    jobs = new JobServiceImpl(store, log, kernelOptionsFor(temp.dir));
  });

  afterEach(async () => {
    await closeCatalog();
    await dispose();
  });

  const backup = (repository: string): JobSpec => ({ kind: 'backup', repository, plan: 'p' });

  it('runs jobs on different repositories in parallel', async () => {
    const a = gate();
    const b = gate();
    const runA = jobs.run(backup('ra'), a.work);
    const runB = jobs.run(backup('rb'), b.work);
    await Promise.all([a.started, b.started]);
    a.open();
    b.open();
    const [doneA, doneB] = await Promise.all([runA, runB]);
    expect([doneA.job.status, doneB.job.status]).to.deep.equal(['succeeded', 'succeeded']);
    expect(doneA.job.summary).to.deep.equal({ filesNew: 1 });
  });

  it('makes an exclusive operation wait for running backups, and later backups wait for it', async () => {
    const order: string[] = [];
    const first = gate();
    const exclusive = gate();
    const runFirst = jobs.run(backup('r'), async (c) => { order.push('backup-1 start'); const r = await first.work(c); order.push('backup-1 end'); return r; });
    await first.started;
    const runPrune = jobs.run({ kind: 'prune', repository: 'r' }, async (c) => { order.push('prune start'); const r = await exclusive.work(c); order.push('prune end'); return r; });
    const runSecond = jobs.run(backup('r'), async () => { order.push('backup-2 start'); return {}; });
    const changes: JobDto[] = [];
    jobs.onDidChangeJob((j) => changes.push(j));
    first.open();
    await exclusive.started;
    expect(order).to.deep.equal(['backup-1 start', 'backup-1 end', 'prune start']);
    exclusive.open();
    await Promise.all([runFirst, runPrune, runSecond]);
    expect(order).to.deep.equal(['backup-1 start', 'backup-1 end', 'prune start', 'prune end', 'backup-2 start']);
    expect(changes.map((j) => `${j.kind}:${j.status}`)).to.include.members(['prune:running', 'prune:succeeded', 'backup:succeeded']);
  });

  it('records failures with the masked error and cancellations as cancelled', async () => {
    const failed = await jobs.run(backup('r'), () => Promise.reject(new Error('disk on fire')));
    expect(failed.job.status).to.equal('failed');
    expect(failed.job.error).to.equal('disk on fire');
    expect((failed.cause as Error).message).to.equal('disk on fire');

    const source = new CancellationTokenSource();
    const running = gate();
    const run = jobs.run(backup('r'), async (context) => {
      const cancelled = new Promise<void>((resolve) => context.token.onCancellationRequested(() => resolve()));
      void running.work(context);
      await cancelled;
      throw new Error('stopped by SIGINT');
    }, source.token);
    await running.started;
    source.cancel();
    expect((await run).job.status).to.equal('cancelled');
  });

  it('persists every state change and reports progress with the job id', async () => {
    const progress: number[] = [];
    jobs.onDidReportProgress((p) => progress.push(p.percentDone));
    const { job } = await jobs.run(backup('r'), async (context) => {
      context.reportProgress({ percentDone: 0.5 });
      context.reportProgress({ percentDone: 1 });
      return {};
    });
    expect(progress).to.deep.equal([0.5, 1]);
    expect(job.startedAt).to.be.a('string');
    expect(job.finishedAt).to.be.a('string');
  });

  it('answers at once with a handle; a second request for the same plan joins the running job', async () => {
    const running = gate();
    const spec: JobSpec = { ...backup('r'), hold: 'backup:p' };
    const first = await jobs.start(spec, running.work);
    expect(first).to.deep.include({ joined: false });
    expect(first.job.status).to.equal('queued');
    await running.started;
    let secondRan = false;
    const second = await jobs.start(spec, async () => { secondRan = true; return {}; });
    expect(second.joined).to.equal(true);
    expect(second.job.id).to.equal(first.job.id);
    running.open();
    const [a, b] = await Promise.all([first.done, second.done]);
    expect(b.job).to.deep.equal(a.job);
    expect(secondRan, 'the joined request never ran its own work').to.equal(false);
    const log = (await store.log(first.job.id))!.join('\n');
    expect(log).to.match(/queued: backup p/).and.match(/started \(pid \d+\)/).and.match(/joined by test/).and.match(/succeeded/);
  });

  it('keeps progress and the job\'s own lines in its output, a few progress lines however many reports', async () => {
    const { job } = await jobs.run(backup('r'), async (context) => {
      for (let i = 0; i <= 100; i++) context.reportProgress({ percentDone: i / 100, filesDone: i, totalFiles: 100 });
      context.log('unreadable: /a/locked.txt');
      return {};
    });
    const log = (await store.log(job.id))!;
    expect(log.filter((line) => / progress /.test(line))).to.have.length(11);
    expect(log.some((line) => line.endsWith('unreadable: /a/locked.txt'))).to.equal(true);
  });

  it('leaves no listener on a long-lived parent token after 50 jobs under it', async () => {
    let listeners = 0;
    const parent: CancellationToken = {
      isCancellationRequested: false,
      onCancellationRequested: () => {
        listeners++;
        return new Disposable(() => listeners--);
      },
    };
    for (let i = 0; i < 50; i++) await jobs.run({ kind: 'backup', repository: `r${i % 3}` }, async () => ({}), parent);
    expect(listeners).to.equal(0);
  });
});
