import { expect } from 'chai';
import { spawn } from 'node:child_process';
import type { CatalogServiceImpl } from './catalog-service-impl.js';
import { newCatalog, rejection, tempDataDir } from './catalog-test-support.js';
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
    jobs = new JobStoreImpl(catalog, created.log);
  });
  afterEach(async () => {
    await catalog.close();
    await data.dispose();
  });

  it('creates queued jobs and reads them back by id', async () => {
    const job = await jobs.create({ kind: 'backup', repository: 'home', plan: 'nightly', params: { paths: ['/a'] } });
    expect(job).to.include({ kind: 'backup', repository: 'home', plan: 'nightly', status: 'queued' });
    expect(job.id).to.match(/^[0-9a-z]{19}$/);
    expect(Date.parse(job.queuedAt)).to.be.closeTo(Date.now(), 5000);
    expect(await jobs.get(job.id)).to.deep.equal(job);
    expect(await jobs.get('nope')).to.equal(undefined);
  });

  it('updates only the given fields', async () => {
    const job = await jobs.create({ kind: 'check', repository: 'home' });
    const startedAt = new Date().toISOString();
    const running = await jobs.update(job.id, { status: 'running', startedAt, ownerPid: process.pid });
    expect(running).to.deep.equal({ ...job, status: 'running', startedAt });
    const summary = { filesNew: 3, dataAdded: 1024, snapshotId: 'abcd1234' };
    const done = await jobs.update(job.id, { status: 'succeeded', finishedAt: startedAt, summary });
    expect(done).to.deep.equal({ ...running, status: 'succeeded', finishedAt: startedAt, summary });
    expect(await jobs.get(job.id)).to.deep.equal(done);
    expect((await rejection(jobs.update('missing', { status: 'failed' }))).message).to.contain('missing');
  });

  it('keeps registered secrets out of rows', async () => {
    const job = await jobs.create({ kind: 'backup', repository: 'r', params: { note: 'pw hunter2-secret' } });
    await jobs.update(job.id, { status: 'failed', error: 'restic said hunter2-secret' });
    const raw = await catalog.read((db) => JSON.stringify(db.exec('SELECT * FROM jobs')));
    expect(raw).to.not.contain('hunter2-secret');
    expect((await jobs.get(job.id))?.error).to.equal('restic said ***');
  });

  it('resolves unique prefixes and refuses ambiguous ones', async () => {
    const a = await jobs.create({ kind: 'backup', repository: 'r' });
    const b = await jobs.create({ kind: 'backup', repository: 'r' });
    let common = 0;
    while (a.id[common] === b.id[common]) common++;
    expect((await jobs.get(a.id.slice(0, common + 1)))?.id).to.equal(a.id);
    expect((await jobs.get(b.id.slice(0, common + 1).toUpperCase()))?.id).to.equal(b.id);
    const error = await rejection(jobs.get(a.id.slice(0, common)));
    expect(error.message).to.contain('ambiguous').and.to.contain(a.id).and.to.contain(b.id);
    expect(await jobs.get('')).to.equal(undefined);
  });

  it('lists newest first with status, repository, plan and limit filters', async () => {
    const made = [];
    for (const [repository, plan] of [
      ['home', 'nightly'],
      ['home', 'hourly'],
      ['work', 'nightly'],
      ['home', 'nightly'],
    ] as const) {
      made.push(await jobs.create({ kind: 'backup', repository, plan }));
    }
    await jobs.update(made[1]!.id, { status: 'failed' });
    const ids = (list: { id: string }[]) => list.map((job) => job.id);
    expect(ids(await jobs.list())).to.deep.equal(ids([...made].reverse()));
    expect(ids(await jobs.list({ repository: 'home' }))).to.deep.equal(ids([made[3]!, made[1]!, made[0]!]));
    expect(ids(await jobs.list({ plan: 'nightly', repository: 'home' }))).to.deep.equal(ids([made[3]!, made[0]!]));
    expect(ids(await jobs.list({ status: 'failed' }))).to.deep.equal([made[1]!.id]);
    expect(ids(await jobs.list({ status: 'queued', limit: 2 }))).to.deep.equal(ids([made[3]!, made[2]!]));
    expect(await jobs.list({ repository: 'none' })).to.deep.equal([]);
  });

  it('marks jobs of dead processes interrupted and leaves live and finished ones alone', async () => {
    const pid = await deadPid();
    const orphanRunning = await jobs.create({ kind: 'backup', repository: 'r' });
    await jobs.update(orphanRunning.id, { status: 'running', ownerPid: pid });
    const orphanQueued = await jobs.create({ kind: 'prune', repository: 'r' });
    await jobs.update(orphanQueued.id, { ownerPid: pid });
    const live = await jobs.create({ kind: 'backup', repository: 'r' });
    await jobs.update(live.id, { status: 'running' });
    const finished = await jobs.create({ kind: 'check', repository: 'r' });
    await jobs.update(finished.id, { status: 'succeeded', ownerPid: pid });

    const marked = await jobs.markOrphansInterrupted();
    expect(marked.map((job) => job.id).sort()).to.deep.equal([orphanRunning.id, orphanQueued.id].sort());
    for (const job of marked) {
      expect(job.status).to.equal('interrupted');
      expect(job.error).to.equal('interrupted: the process running it stopped');
      expect(job.finishedAt).to.be.a('string');
    }
    expect((await jobs.get(live.id))?.status).to.equal('running');
    expect((await jobs.get(finished.id))?.status).to.equal('succeeded');
    expect(await jobs.markOrphansInterrupted()).to.deep.equal([]);
  });
});
