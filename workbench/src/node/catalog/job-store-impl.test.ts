import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { acquireFileLock } from '../core/file-lock.js';
import { jobHistoryDirName } from '../history/job-history.js';
import { liveLogsDirName, MAX_LOG_LINES } from '../history/job-log-files.js';
import type { CatalogServiceImpl } from './catalog-service-impl.js';
import { kernelOptionsFor, newCatalog, rejection, tempDataDir } from './catalog-test-support.js';
import { JobStoreImpl } from './job-store-impl.js';

async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  await new Promise((resolve) => child.on('exit', resolve));
  return child.pid!;
}

describe('JobStoreImpl', () => {
  let data: Awaited<ReturnType<typeof tempDataDir>>;
  let catalog: CatalogServiceImpl;
  let jobs: JobStoreImpl;

  beforeEach(async () => {
    data = await tempDataDir();
    const created = newCatalog(data.dir);
    catalog = created.catalog;
    created.log.addSecret('hunter2-secret');
    jobs = new JobStoreImpl(catalog, created.log, kernelOptionsFor(data.dir));
  });
  afterEach(async () => {
    await catalog.close();
    await data.dispose();
  });

  const liveRows = () => catalog.read((db) => Number(db.exec('SELECT count(*) FROM jobs')[0]?.values[0]?.[0]));

  it('creates queued jobs and reads them back by id', async () => {
    const { job, joined } = await jobs.create({ kind: 'backup', repository: 'home', plan: 'nightly', params: { paths: ['/a'] } });
    expect(joined).to.equal(false);
    expect(job).to.include({ kind: 'backup', repository: 'home', plan: 'nightly', status: 'queued' });
    expect(job.id).to.match(/^[0-9a-z]{19}$/);
    expect(Date.parse(job.queuedAt)).to.be.closeTo(Date.now(), 5000);
    expect(await jobs.get(job.id)).to.deep.equal(job);
    expect(await jobs.get('nope')).to.equal(undefined);
  });

  it('moves an ended job with its output out of the catalog into the history', async () => {
    const { job } = await jobs.create({ kind: 'check', repository: 'home' });
    const startedAt = new Date().toISOString();
    const running = await jobs.update(job.id, { status: 'running', startedAt, ownerPid: process.pid });
    expect(running).to.deep.equal({ ...job, status: 'running', startedAt });
    await jobs.appendLog(job.id, ['checking', 'all fine']);
    expect(await jobs.log(job.id)).to.deep.equal(['checking', 'all fine']);
    expect(await jobs.getWithLog(job.id.slice(0, 12)), 'a live job with its output').to.deep.equal({ job: running, log: ['checking', 'all fine'] });
    const summary = { filesNew: 3, dataAdded: 1024, snapshotId: 'abcd1234' };
    const done = await jobs.finish(job.id, { status: 'succeeded', summary });
    expect(done).to.deep.include({ ...running, status: 'succeeded', summary });
    expect(done.finishedAt).to.be.a('string');
    expect(await liveRows()).to.equal(0);
    expect(await readdir(join(data.dir, liveLogsDirName))).to.deep.equal([]);
    expect(await jobs.get(job.id)).to.deep.equal(done);
    expect(await jobs.log(job.id)).to.deep.equal(['checking', 'all fine']);
    expect(await jobs.getWithLog(job.id), 'an ended job with its output').to.deep.equal({ job: done, log: ['checking', 'all fine'] });
    expect((await rejection(jobs.finish(job.id, { status: 'failed' }))).message).to.contain(job.id);
  });

  it('answers with the end once it is in the history, while the catalog write that retires the job still waits', async () => {
    const { job } = await jobs.create({ kind: 'backup', repository: 'r' });
    await jobs.update(job.id, { status: 'running', startedAt: new Date().toISOString(), ownerPid: process.pid });
    await jobs.appendLog(job.id, ['backing up']);
    // Another writer holds the catalog (as a busy CLI would): the job's end waits for it, its history record does not.
    const release = await acquireFileLock(catalog.file, { staleMs: 10_000, what: 'The catalog', onCompromised: () => undefined });
    let retired = false;
    const finishing = jobs.finish(job.id, { status: 'succeeded' }).finally(() => (retired = true));
    let seen = await jobs.getWithLog(job.id);
    for (const deadline = Date.now() + 10_000; seen?.job.status !== 'succeeded' && Date.now() < deadline;) {
      await delay(5);
      seen = await jobs.getWithLog(job.id);
    }
    expect(seen, 'the end, with its output, while the catalog is held').to.deep.include({ log: ['backing up'] });
    expect(seen?.job.status).to.equal('succeeded');
    expect(retired, 'the catalog write still waits').to.equal(false);
    await release();
    const done = await finishing;
    expect(await jobs.get(job.id)).to.deep.equal(done);
    expect((await jobs.list()).filter((listed) => listed.id === job.id), 'listed once').to.deep.equal([done]);
    expect(await liveRows()).to.equal(0);
  });

  it('answers a live job it runs from memory, exactly as another process reads it from the catalog and the file', async () => {
    const { job } = await jobs.create({ kind: 'backup', repository: 'r', plan: 'p' });
    await jobs.update(job.id, { status: 'running', startedAt: new Date().toISOString(), ownerPid: process.pid });
    await jobs.appendLog(job.id, ['first', '', 'two\nlines', 'password hunter2-secret']);
    const other = newCatalog(data.dir);
    try {
      const elsewhere = await new JobStoreImpl(other.catalog, other.log, kernelOptionsFor(data.dir)).getWithLog(job.id);
      let catalogReads = 0;
      const read = catalog.read.bind(catalog);
      catalog.read = (fn) => {
        catalogReads++;
        return read(fn);
      };
      const here = await jobs.getWithLog(job.id);
      expect(here).to.deep.equal(elsewhere);
      expect(here?.log).to.deep.equal(['first', 'two lines', 'password ***']);
      expect(catalogReads, 'the running job came from memory').to.equal(0);
    } finally {
      await other.catalog.close();
    }
  });

  it('keeps registered secrets out of rows, history and output', async () => {
    const { job } = await jobs.create({ kind: 'backup', repository: 'r', params: { note: 'pw hunter2-secret' } });
    const raw = await catalog.read((db) => JSON.stringify(db.exec('SELECT * FROM jobs')));
    expect(raw).to.not.contain('hunter2-secret');
    await jobs.appendLog(job.id, ['restic printed hunter2-secret']);
    await jobs.finish(job.id, { status: 'failed', error: 'restic said hunter2-secret' });
    expect((await jobs.get(job.id))?.error).to.equal('restic said ***');
    const [segment] = await readdir(join(data.dir, jobHistoryDirName));
    expect(await readFile(join(data.dir, jobHistoryDirName, segment!), 'utf8')).to.include('restic said ***').and.not.include('hunter2-secret');
  });

  it('joins the live job that holds the same plan instead of making a second one', async () => {
    const first = await jobs.create({ kind: 'backup', repository: 'r', plan: 'docs', hold: 'backup:docs' });
    const second = await jobs.create({ kind: 'backup', repository: 'r', plan: 'docs', hold: 'backup:docs' });
    expect(second).to.deep.equal({ job: first.job, joined: true });
    const other = await jobs.create({ kind: 'backup', repository: 'r', plan: 'mail', hold: 'backup:mail' });
    expect(other.joined).to.equal(false);
    await jobs.finish(first.job.id, { status: 'succeeded' });
    expect((await jobs.create({ kind: 'backup', repository: 'r', plan: 'docs', hold: 'backup:docs' })).joined).to.equal(false);
  });

  it('resolves unique prefixes over live and finished jobs, and refuses ambiguous ones', async () => {
    const { job: a } = await jobs.create({ kind: 'backup', repository: 'r' });
    const { job: b } = await jobs.create({ kind: 'backup', repository: 'r' });
    await jobs.finish(a.id, { status: 'succeeded' });
    let common = 0;
    while (a.id[common] === b.id[common]) common++;
    expect((await jobs.get(a.id.slice(0, common + 1)))?.id).to.equal(a.id);
    expect((await jobs.get(b.id.slice(0, common + 1).toUpperCase()))?.id).to.equal(b.id);
    const error = await rejection(jobs.get(a.id.slice(0, common)));
    expect(error.message).to.contain('ambiguous').and.to.contain(a.id).and.to.contain(b.id);
    expect(await jobs.get('')).to.equal(undefined);
  });

  it('lists live jobs first, then ended ones newest first, with filters, pages and totals', async () => {
    const made = [];
    for (const [repository, plan] of [['home', 'nightly'], ['home', 'hourly'], ['work', 'nightly'], ['home', 'nightly']] as const) {
      made.push((await jobs.create({ kind: 'backup', repository, plan })).job);
    }
    await jobs.finish(made[1]!.id, { status: 'failed' });
    await jobs.finish(made[0]!.id, { status: 'succeeded' });
    const ids = (list: { id: string }[]) => list.map((job) => job.id);
    expect(ids(await jobs.list())).to.deep.equal(ids([made[3]!, made[2]!, made[0]!, made[1]!]));
    expect(ids(await jobs.list({ repository: 'home' }))).to.deep.equal(ids([made[3]!, made[0]!, made[1]!]));
    expect(ids(await jobs.list({ plan: 'nightly', repository: 'home' }))).to.deep.equal(ids([made[3]!, made[0]!]));
    expect(ids(await jobs.list({ status: 'failed' }))).to.deep.equal([made[1]!.id]);
    expect(ids(await jobs.list({ status: 'queued', limit: 1 }))).to.deep.equal([made[3]!.id]);
    expect(await jobs.list({ repository: 'none' })).to.deep.equal([]);
    const page = await jobs.page({}, 1, 2);
    expect({ ids: ids(page.items), total: page.total }).to.deep.equal({ ids: ids([made[2]!, made[0]!]), total: 4 });
    expect((await jobs.planHealth()).map((h) => [h.plan, h.runs, h.succeeded])).to.deep.equal([['hourly', 1, 0], ['nightly', 1, 1]]);
  });

  it('keeps the first and last lines of a very long output', async () => {
    const { job } = await jobs.create({ kind: 'backup', repository: 'r' });
    await jobs.appendLog(job.id, Array.from({ length: MAX_LOG_LINES + 500 }, (_, i) => `line ${i}`));
    await jobs.finish(job.id, { status: 'succeeded' });
    const log = (await jobs.log(job.id))!;
    expect(log).to.have.length(MAX_LOG_LINES);
    expect(log[0]).to.equal('line 0');
    expect(log.at(-1)).to.equal(`line ${MAX_LOG_LINES + 499}`);
    expect(log.filter((line) => line === `… ${MAX_LOG_LINES + 500 - (MAX_LOG_LINES - 1)} lines left out …`)).to.have.length(1);
  });

  it('ends jobs of dead processes as interrupted (once), keeps live ones, and hands the interruptions out once', async () => {
    const pid = await deadPid();
    const { job: orphanRunning } = await jobs.create({ kind: 'backup', repository: 'r', plan: 'p' });
    await jobs.update(orphanRunning.id, { status: 'running', ownerPid: pid });
    await jobs.appendLog(orphanRunning.id, ['started', 'progress 40 %']);
    const { job: orphanQueued } = await jobs.create({ kind: 'prune', repository: 'r' });
    await jobs.update(orphanQueued.id, { ownerPid: pid });
    const { job: live } = await jobs.create({ kind: 'backup', repository: 'r' });
    await jobs.update(live.id, { status: 'running' });

    const marked = await jobs.markOrphansInterrupted();
    expect(marked.map((job) => job.id).sort()).to.deep.equal([orphanRunning.id, orphanQueued.id].sort());
    for (const job of marked) expect(job).to.deep.include({ status: 'interrupted', error: 'interrupted: the process running it stopped' });
    expect(await jobs.log(orphanRunning.id), 'its output survived the crash').to.deep.equal(['started', 'progress 40 %']);
    expect((await jobs.get(live.id))?.status).to.equal('running');
    expect(await jobs.markOrphansInterrupted()).to.deep.equal([]);
    expect((await jobs.takeInterruptions()).map((i) => i.jobId).sort()).to.deep.equal([orphanRunning.id, orphanQueued.id].sort());
    expect(await jobs.takeInterruptions()).to.deep.equal([]);
  });
});
