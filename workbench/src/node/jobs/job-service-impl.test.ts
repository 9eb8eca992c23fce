import { type CancellationToken, CancellationTokenSource, Disposable, type JobDto } from '@timelocker/plugin-api';
import { expect } from 'chai';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { kernelOptionsFor, newCatalog, tempDataDir } from '../catalog/catalog-test-support.js';
import { JobStoreImpl } from '../catalog/job-store-impl.js';
import type { Interruption, JobEnd, JobStore, JobUpdate, JobWithLog, NewJob } from '../catalog/job-store.js';
import { LogServiceImpl } from '../core/log-service-impl.js';
import type { JobQuery } from '../history/job-history.js';
import type { PlanHealth } from '../catalog/plan-health.js';
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

/** A job body that runs until its token is cancelled, then fails as restic does on SIGINT. */
function untilCancelled(): Pick<Gate, 'started' | 'work'> {
  const running = gate();
  return {
    started: running.started,
    work: async (context) => {
      const cancelled = new Promise<void>((resolve) => context.token.onCancellationRequested(() => resolve()));
      void running.work(context);
      await cancelled;
      throw new Error('stopped by SIGINT');
    },
  };
}

/** The token of a real source, as seen through a view that counts who listens to it right now. */
function listenedTo(source: CancellationTokenSource): { readonly token: CancellationToken; readonly listeners: number } {
  let listeners = 0;
  const token: CancellationToken = {
    get isCancellationRequested() {
      return source.token.isCancellationRequested;
    },
    onCancellationRequested: (listener, thisArgs) => {
      const subscription = source.token.onCancellationRequested(listener, thisArgs);
      listeners++;
      return new Disposable(() => {
        listeners--;
        subscription.dispose();
      });
    },
  };
  return { token, get listeners() { return listeners; } };
}

/**
 * Live jobs and their output in memory. 10,000 jobs through the catalog are 30,000 atomic catalog writes (70–150 ms
 * a job on a loaded 2-core machine); what this suite counts is the JobService's own listeners, which no store touches.
 */
class MemoryJobStore implements JobStore {
  private readonly live = new Map<string, { job: JobDto; log: string[] }>();
  private ended = 0;
  private nextId = 0;

  async create(job: NewJob): Promise<{ job: JobDto; joined: boolean }> {
    const dto: JobDto = { id: `job-${++this.nextId}`, kind: job.kind, status: 'queued', repository: job.repository, ...(job.plan ? { plan: job.plan } : {}), queuedAt: new Date().toISOString() };
    this.live.set(dto.id, { job: dto, log: [] });
    return { job: dto, joined: false };
  }

  async update(id: string, update: JobUpdate): Promise<JobDto> {
    const entry = this.mustGet(id);
    const { ownerPid: _pid, ...fields } = update;
    entry.job = { ...entry.job, ...fields };
    return entry.job;
  }

  async finish(id: string, end: JobEnd): Promise<JobDto> {
    const { job } = this.mustGet(id);
    this.live.delete(id);
    this.ended++;
    return { ...job, ...end, finishedAt: end.finishedAt ?? new Date().toISOString() };
  }

  async get(id: string): Promise<JobDto | undefined> {
    return this.live.get(id)?.job;
  }

  async getWithLog(id: string): Promise<JobWithLog | undefined> {
    return this.live.get(id);
  }

  async list(): Promise<JobDto[]> {
    return [...this.live.values()].map((e) => e.job);
  }

  async scan(_query: JobQuery, visit: (job: JobDto) => boolean): Promise<void> {
    for (const job of await this.list()) if (!visit(job)) return;
  }

  async page(_query: JobQuery, offset: number, limit: number): Promise<{ items: JobDto[]; total: number }> {
    const all = await this.list();
    return { items: all.slice(offset, offset + limit), total: all.length + this.ended };
  }

  async appendLog(id: string, lines: readonly string[]): Promise<void> {
    this.live.get(id)?.log.push(...lines);
  }

  async log(id: string): Promise<readonly string[] | undefined> {
    return this.live.get(id)?.log;
  }

  async markOrphansInterrupted(): Promise<JobDto[]> {
    return [];
  }

  async takeInterruptions(): Promise<Interruption[]> {
    return [];
  }

  async planHealth(): Promise<PlanHealth[]> {
    return [];
  }

  async erase(): Promise<number> {
    const count = this.live.size + this.ended;
    this.live.clear();
    this.ended = 0;
    return count;
  }

  private mustGet(id: string): { job: JobDto; log: string[] } {
    const entry = this.live.get(id);
    if (!entry) throw new Error(`No live job with id ${id}`);
    return entry;
  }
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
    const running = untilCancelled();
    const run = jobs.run(backup('r'), running.work, source.token);
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
    const parent = listenedTo(new CancellationTokenSource());
    for (let i = 0; i < 50; i++) await jobs.run({ kind: 'backup', repository: `r${i % 3}` }, async () => ({}), parent.token);
    expect(parent.listeners).to.equal(0);
  });
});

describe('JobServiceImpl under one long-lived parent token (10,000 jobs)', function () {
  this.timeout(60_000);
  let dispose: () => Promise<void>;
  let jobs: JobServiceImpl;

  before(async () => {
    const temp = await tempDataDir();
    dispose = temp.dispose;
    const options = kernelOptionsFor(temp.dir);
    jobs = new JobServiceImpl(new MemoryJobStore(), new LogServiceImpl(options), options);
  });

  after(() => dispose());

  it('gives the parent back exactly the listeners it had, and the parent still cancels the next job', async () => {
    const source = new CancellationTokenSource();
    const parent = listenedTo(source);
    // A long-lived subscriber of its own (e.g. the server's shutdown): the baseline the jobs must return to.
    parent.token.onCancellationRequested(() => undefined);
    const baseline = parent.listeners;
    let peak = baseline;
    const work = async (): Promise<JobResult> => {
      peak = Math.max(peak, parent.listeners);
      return {};
    };
    let succeeded = 0;
    for (let batch = 0; batch < 100; batch++) {
      const outcomes = await Promise.all(Array.from({ length: 100 }, (_, i) => jobs.run({ kind: 'backup', repository: `r${i % 4}` }, work, parent.token)));
      succeeded += outcomes.filter((o) => o.job.status === 'succeeded').length;
    }
    expect(succeeded).to.equal(10_000);
    expect(peak, 'running jobs listen to the parent').to.be.above(baseline + 50);
    expect(parent.listeners).to.equal(baseline);

    const running = untilCancelled();
    const run = jobs.run({ kind: 'backup', repository: 'r0' }, running.work, parent.token);
    await running.started;
    source.cancel();
    expect((await run).job.status).to.equal('cancelled');
    expect(parent.listeners).to.equal(baseline);
  });
});

/** The catalog write that records a job as running, held until the test lets it through or failed (a full disk). */
class HeldRunningRecord extends MemoryJobStore {
  private release!: (error?: Error) => void;
  private readonly released = new Promise<Error | undefined>((resolve) => (this.release = resolve));
  readonly order: string[] = [];

  override async update(id: string, update: JobUpdate): Promise<JobDto> {
    const error = await this.released;
    if (error) throw error;
    this.order.push(`recorded ${update.status ?? ''}`);
    return super.update(id, update);
  }

  override async finish(id: string, end: JobEnd): Promise<JobDto> {
    this.order.push(`ended ${end.status}`);
    return super.finish(id, end);
  }

  let(error?: Error): void {
    this.release(error);
  }
}

describe('JobServiceImpl recording a job as running', () => {
  let dispose: () => Promise<void>;
  let options: ReturnType<typeof kernelOptionsFor>;

  beforeEach(async () => {
    const temp = await tempDataDir();
    dispose = temp.dispose;
    options = kernelOptionsFor(temp.dir);
  });
  afterEach(() => dispose());

  it('starts the work while the running record is written, and records the end only after it', async () => {
    const store = new HeldRunningRecord();
    const jobs = new JobServiceImpl(store, new LogServiceImpl(options), options);
    const body = gate();
    const changes: string[] = [];
    jobs.onDidChangeJob((job) => changes.push(job.status));
    const run = jobs.run({ kind: 'backup', repository: 'r' }, body.work);
    await body.started;
    expect(store.order, 'the work started before its running record was written').to.deep.equal([]);
    body.open();
    await new Promise((resolve) => setImmediate(resolve));
    expect(store.order, 'its end waits for the running record').to.deep.equal([]);
    store.let();
    expect((await run).job.status).to.equal('succeeded');
    expect(store.order).to.deep.equal(['recorded running', 'ended succeeded']);
    expect(changes).to.deep.equal(['queued', 'running', 'succeeded']);
  });

  it('stops a job that cannot be recorded as running and fails it, saying why', async () => {
    const store = new HeldRunningRecord();
    const jobs = new JobServiceImpl(store, new LogServiceImpl(options), options);
    const body = untilCancelled();
    const run = jobs.run({ kind: 'backup', repository: 'r' }, body.work);
    await body.started;
    store.let(new Error('ENOSPC: no space left on device'));
    const { job } = await run;
    expect(job.status).to.equal('failed');
    expect(job.error).to.match(/could not be recorded as running, so it was stopped: ENOSPC: no space left on device/);
    const kernelLog = await readFile(join(options.dataDir, 'logs', 'timelocker.log'), 'utf8');
    expect(kernelLog, 'said loudly in the kernel log').to.match(/ERROR \[jobs\] job \S+: The job could not be recorded as running/);
  });
});
