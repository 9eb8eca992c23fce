import { expect } from 'chai';
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import initSqlJs from 'sql.js';
import type { Database } from 'sql.js';
import { catalogCopiesDirName, catalogFileName, catalogMarkerName } from './catalog-service-impl.js';
import { newCatalog, rejection, tempDataDir } from './catalog-test-support.js';
import { latestSchemaVersion, migrations } from './migrations.js';

describe('CatalogServiceImpl', () => {
  let data: Awaited<ReturnType<typeof tempDataDir>>;
  const opened: { close(): Promise<void> }[] = [];

  function open() {
    const { catalog } = newCatalog(data.dir);
    opened.push(catalog);
    return catalog;
  }
  const countJobs = (catalog: ReturnType<typeof open>) =>
    catalog.read((db) => Number(db.exec('SELECT count(*) FROM jobs')[0]?.values[0]?.[0]));
  const insertJob = (id: string) => (db: Database) =>
    db.run(`INSERT INTO jobs (id, kind, repository, status, queued_at) VALUES (?, 'backup', 'r', 'queued', 'now')`, [id]);

  beforeEach(async () => {
    data = await tempDataDir();
  });
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((catalog) => catalog.close().catch(() => undefined)));
    await data.dispose();
  });

  it('creates the file with the latest schema on first use', async () => {
    const catalog = open();
    expect(await countJobs(catalog)).to.equal(0);
    const version = await catalog.read((db) => db.exec('PRAGMA user_version')[0]?.values[0]?.[0]);
    expect(version).to.equal(latestSchemaVersion);
    expect(await readdir(data.dir)).to.include(catalogFileName);
  });

  it('sees rows written by another instance of the same file', async () => {
    const first = open();
    const second = open();
    await first.write(insertJob('a'));
    expect(await countJobs(second)).to.equal(1);
    await second.write(insertJob('b'));
    await first.write(insertJob('c'));
    expect(await countJobs(second)).to.equal(3);
  });

  it('rolls back a write whose function throws and persists nothing of it', async () => {
    const catalog = open();
    await catalog.write(insertJob('a'));
    const failing = catalog.write((db) => {
      insertJob('b')(db);
      throw new Error('boom');
    });
    expect((await rejection(failing)).message).to.equal('boom');
    expect(await countJobs(catalog)).to.equal(1);
    expect(await countJobs(open())).to.equal(1);
  });

  it('leaves no temp files or lock behind', async () => {
    const catalog = open();
    await Promise.all([catalog.write(insertJob('a')), catalog.write(insertJob('b')), countJobs(catalog)]);
    expect((await readdir(data.dir)).filter((name) => !['logs', catalogMarkerName, catalogCopiesDirName].includes(name))).to.deep.equal([catalogFileName]);
  });

  it('refuses a corrupt file, names it and leaves it untouched', async () => {
    const file = join(data.dir, catalogFileName);
    const garbage = Buffer.from('this is not an SQLite database, but somebody may need it back'.repeat(100));
    await writeFile(file, garbage);
    const catalog = open();
    for (const attempt of [countJobs(catalog), catalog.write(insertJob('a'))]) {
      expect((await rejection(attempt)).message).to.contain(file).and.to.contain('is damaged').and.to.contain('timelocker catalog check');
    }
    expect(await readFile(file)).to.deep.equal(garbage);
  });

  it('refuses to read or write a catalog from a newer schema, and leaves it untouched', async () => {
    const SQL = await initSqlJs({ locateFile: () => createRequire(import.meta.url).resolve('sql.js/dist/sql-wasm.wasm') });
    const db = new SQL.Database();
    db.exec(`PRAGMA user_version = ${latestSchemaVersion + 1}`);
    const file = join(data.dir, catalogFileName);
    const bytes = db.export();
    db.close();
    await writeFile(file, bytes);
    const catalog = open();
    expect((await rejection(countJobs(catalog))).message).to.contain('newer TimeLocker').and.to.contain(file);
    expect((await rejection(catalog.write(insertJob('a')))).message).to.contain('newer TimeLocker');
    expect(new Uint8Array(await readFile(file))).to.deep.equal(bytes);
  });

  it('keeps a copy of an older catalog before migrating it, and never re-creates a lost one', async () => {
    const SQL = await initSqlJs({ locateFile: () => createRequire(import.meta.url).resolve('sql.js/dist/sql-wasm.wasm') });
    const old = new SQL.Database();
    migrations.filter((m) => m.version <= 6).forEach((m) => m.up(old));
    old.exec('PRAGMA user_version = 6');
    const file = join(data.dir, catalogFileName);
    await writeFile(file, old.export());
    old.close();
    const catalog = open();
    expect(await countJobs(catalog)).to.equal(0);
    const copies = await catalog.copies.list();
    expect(copies.map((c) => c.reason)).to.include('before-migration');
    await catalog.close();
    await rm(file);
    expect((await rejection(countJobs(open()))).message).to.contain('is missing, but this data dir had one');
  });

  it('rejects operations after close', async () => {
    const catalog = open();
    await catalog.close();
    expect((await rejection(countJobs(catalog))).message).to.contain('closed');
  });
});
