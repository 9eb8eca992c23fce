import { expect } from 'chai';
import type { SnapshotDto } from '@timelocker/plugin-api';
import type { CatalogServiceImpl } from './catalog-service-impl.js';
import { newCatalog, tempDataDir } from './catalog-test-support.js';
import { SnapshotCacheImpl } from './snapshot-cache-impl.js';

function snapshot(repository: string, id: string, time: string, extra: Partial<SnapshotDto> = {}): SnapshotDto {
  return { id, shortId: id.slice(0, 8), repository, time, hostname: 'box', paths: ['/home'], tags: [], ...extra };
}

describe('SnapshotCacheImpl', () => {
  let data: Awaited<ReturnType<typeof tempDataDir>>;
  let catalog: CatalogServiceImpl;
  let cache: SnapshotCacheImpl;

  beforeEach(async () => {
    data = await tempDataDir();
    catalog = newCatalog(data.dir).catalog;
    cache = new SnapshotCacheImpl(catalog);
  });
  afterEach(async () => {
    await catalog.close();
    await data.dispose();
  });

  it('replaces, lists (oldest first) and clears per repository', async () => {
    const older = snapshot('home', 'a'.repeat(64), '2024-01-01T00:00:00Z', { username: 'me', tags: ['x', 'y'] });
    const newer = snapshot('home', 'b'.repeat(64), '2024-02-01T00:00:00Z', { parent: 'a'.repeat(64) });
    const other = snapshot('work', 'c'.repeat(64), '2024-03-01T00:00:00Z');
    await cache.replace('home', [newer, older]);
    await cache.replace('work', [other]);
    expect(await cache.list('home')).to.deep.equal([older, newer]);

    await cache.replace('home', [newer]);
    expect(await cache.list('home')).to.deep.equal([newer]);
    expect(await cache.list('work')).to.deep.equal([other]);

    await cache.clear('home');
    expect(await cache.list('home')).to.deep.equal([]);
    expect(await cache.list('work')).to.deep.equal([other]);
  });

  it('survives a reload by another instance', async () => {
    const snap = snapshot('home', 'd'.repeat(64), '2024-01-01T00:00:00Z');
    await cache.replace('home', [snap]);
    const { catalog: second } = newCatalog(data.dir);
    try {
      expect(await new SnapshotCacheImpl(second).list('home')).to.deep.equal([snap]);
    } finally {
      await second.close();
    }
  });
});
