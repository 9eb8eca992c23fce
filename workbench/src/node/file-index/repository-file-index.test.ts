import { expect } from 'chai';
import { compilePathQuery } from './path-query.js';
import { RepositoryFileIndex } from './repository-file-index.js';
import { decodeSnapshotListing, type ListedNode, SnapshotListingBuilder } from './snapshot-listing.js';

let snapshotCounter = 0;

async function listing(nodes: readonly ListedNode[], time: string, tags: string[] = []) {
  const builder = new SnapshotListingBuilder();
  for (const node of nodes) builder.add(node);
  const id = `${String(++snapshotCounter).padStart(8, '0')}${'f'.repeat(56)}`;
  return decodeSnapshotListing(await builder.encode({ id, shortId: id.slice(0, 8), time, hostname: 'h', paths: ['/home'], tags }));
}

const file = (path: string, size: number, mtime = '2024-01-01T10:00:00.000000001+02:00'): ListedNode => ({ path, type: 'file', size, mtime });
const dir = (path: string): ListedNode => ({ path, type: 'dir', mtime: '2024-01-01T00:00:00Z' });
const paths = (index: RepositoryFileIndex, pattern: string, limit = 50) => index.search(compilePathQuery(pattern), {}, limit).hits.map((h) => h.path);

describe('RepositoryFileIndex', () => {
  const awkward = ['/home/me/with space.txt', '/home/me/ünïcödé ✓.md', '/home/me/new\nline', '/home/me/Report.PDF'];

  it('round-trips names with spaces, unicode and newlines exactly, with nanosecond mtimes', async () => {
    const decoded = await listing([dir('/home'), dir('/home/me'), ...awkward.map((p, i) => file(p, i + 1))], '2024-01-01T00:00:00Z');
    const index = new RepositoryFileIndex('r');
    index.append(decoded);
    for (const path of awkward) {
      const versions = index.versionsOf(path);
      expect(versions, path).to.have.length(1);
      expect(versions[0]!.nanos).to.equal(1);
      expect(versions[0]!.seconds).to.equal(Date.parse('2024-01-01T08:00:00Z') / 1000);
    }
    expect(paths(index, 'line')).to.deep.equal(['/home/me/new\nline']);
    expect(paths(index, 'ünïcödé')).to.deep.equal(['/home/me/ünïcödé ✓.md']);
  });

  it('groups identical versions across snapshots and keeps changed ones apart', async () => {
    const index = new RepositoryFileIndex('r');
    for (const [i, size] of [10, 10, 20, 30].entries()) {
      index.append(await listing([dir('/home'), file('/home/a.txt', size, `2024-01-0${size / 10}T00:00:00Z`), file('/home/same', 1)], `2024-02-0${i + 1}T00:00:00Z`));
    }
    const versions = index.versionsOf('/home/a.txt');
    expect(versions.map((v) => [v.size, v.snapshots.length])).to.have.deep.members([[10, 2], [20, 1], [30, 1]]);
    expect(index.versionsOf('/home/same')[0]!.snapshots).to.have.length(4);
    expect(index.distinctVersions).to.be.below(4 * 3);
  });

  it('forgotten snapshots drop out of results', async () => {
    const index = new RepositoryFileIndex('r');
    const first = await listing([file('/home/old.txt', 1)], '2024-01-01T00:00:00Z');
    index.append(first);
    index.append(await listing([file('/home/new.txt', 1)], '2024-01-02T00:00:00Z'));
    expect(paths(index, '.txt')).to.have.members(['/home/old.txt', '/home/new.txt']);
    index.forget(first.meta.id);
    expect(paths(index, '.txt')).to.deep.equal(['/home/new.txt']);
    expect(index.versionsOf('/home/old.txt')).to.deep.equal([]);
  });

  it('substring search: smart case, names before folders, matches across the last "/"', async () => {
    const index = new RepositoryFileIndex('r');
    index.append(await listing([
      dir('/home'), dir('/home/docs'), file('/home/docs/a.txt', 1), file('/home/docs/b.txt', 1), file('/home/my-docs.txt', 1), ...awkward.map((p) => file(p, 1)),
    ], '2024-01-01T00:00:00Z'));
    expect(paths(index, 'docs')).to.deep.equal(['/home/docs', '/home/my-docs.txt', '/home/docs/a.txt', '/home/docs/b.txt']);
    expect(paths(index, 'report.pdf')).to.deep.equal(['/home/me/Report.PDF']);
    expect(paths(index, 'Report.pdf')).to.deep.equal([]);
    expect(paths(index, 'docs/a')).to.deep.equal(['/home/docs/a.txt']);
    expect(paths(index, '/a.txt')).to.deep.equal(['/home/docs/a.txt']);
    expect(paths(index, 'home/docs/')).to.have.members(['/home/docs/a.txt', '/home/docs/b.txt']);
    expect(paths(index, 'docs', 2)).to.have.length(2);
    expect(index.search(compilePathQuery('docs'), {}, 2).truncated).to.equal(true);
  });

  it('globs match the name, or the whole path when they contain "/"', async () => {
    const index = new RepositoryFileIndex('r');
    index.append(await listing([dir('/home'), file('/home/x.pdf', 1), file('/home/sub/y.PDF', 1), file('/home/sub/z.txt', 1)], '2024-01-01T00:00:00Z'));
    expect(paths(index, '*.pdf')).to.have.members(['/home/x.pdf', '/home/sub/y.PDF']);
    expect(paths(index, '*.PDF')).to.deep.equal(['/home/sub/y.PDF']);
    expect(paths(index, 'sub/*.txt')).to.deep.equal(['/home/sub/z.txt']);
    expect(paths(index, '/home/*')).to.deep.equal(['/home/x.pdf']);
  });

  it('filters by path prefix, mtime and snapshot', async () => {
    const index = new RepositoryFileIndex('r');
    index.append(await listing([file('/a/one', 1, '2024-01-01T00:00:00Z'), file('/b/one', 1, '2024-06-01T00:00:00Z')], '2024-07-01T00:00:00Z', ['plan:x']));
    const query = compilePathQuery('one');
    expect(index.search(query, { prefix: '/a' }, 10).hits.map((h) => h.path)).to.deep.equal(['/a/one']);
    expect(index.search(query, { prefix: '/a/one' }, 10).hits.map((h) => h.path)).to.deep.equal(['/a/one']);
    expect(index.search(query, { newer: Date.parse('2024-03-01T00:00:00Z') / 1000 }, 10).hits.map((h) => h.path)).to.deep.equal(['/b/one']);
    expect(index.search(query, { older: Date.parse('2024-03-01T00:00:00Z') / 1000 }, 10).hits.map((h) => h.path)).to.deep.equal(['/a/one']);
    expect(index.search(query, { snapshot: (m) => m.tags.includes('plan:y') }, 10).hits).to.deep.equal([]);
  });
});

describe('FileIndexStore', () => {
  it('keeps a repository name that is not a plain folder name inside its root', async () => {
    const { mkdtemp, readdir, rm } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { FileIndexStore } = await import('./file-index-store.js');
    const root = await mkdtemp(join(tmpdir(), 'tl-index-'));
    try {
      const store = new FileIndexStore(join(root, 'index'));
      await store.write('../escape', 'a'.repeat(64), Buffer.from('x'));
      expect(await readdir(root)).to.deep.equal(['index']);
      expect(await store.repositories()).to.deep.equal(['../escape']);
      expect(await store.snapshotIds('../escape')).to.deep.equal(['a'.repeat(64)]);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
