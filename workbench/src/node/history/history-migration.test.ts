import { expect } from 'chai';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { SqlJsStatic } from 'sql.js';
import { legacyHash } from '../audit/audit-chain.js';
import type { AuditEntry } from '../audit/audit-service.js';
import { auditDirName } from '../audit/audit-store.js';
import { newAudit } from '../audit/audit-test-support.js';
import { loadSqlJs } from '../catalog/catalog-database.js';
import { catalogFileName } from '../catalog/catalog-service-impl.js';
import { kernelOptionsFor, tempDataDir } from '../catalog/catalog-test-support.js';
import { JobStoreImpl } from '../catalog/job-store-impl.js';
import { migrations } from '../catalog/migrations.js';
import { LogServiceImpl } from '../core/log-service-impl.js';
import { GENESIS_HASH } from './chained-log.js';
import { jobHistoryDirName } from './job-history.js';

/** A catalog as TimeLocker wrote it before the segment files (schema 7): history in its tables. */
function legacyCatalog(SQL: SqlJsStatic): Uint8Array {
  const db = new SQL.Database();
  for (const migration of migrations.filter((m) => m.version <= 7)) migration.up(db);
  db.exec('PRAGMA user_version = 7');
  let prevHash = GENESIS_HASH;
  for (let seq = 1; seq <= 30; seq++) {
    const unhashed = { seq, time: `2024-0${1 + Math.floor(seq / 15)}-10T10:00:${String(seq).padStart(2, '0')}.000Z`, type: 'backup.started', severity: 'info' as const, actor: 'cli:alice', target: 'home', details: { n: seq }, prevHash };
    const hash = legacyHash(unhashed);
    db.run('INSERT INTO audit_log VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)', [seq, unhashed.time, unhashed.type, unhashed.severity, unhashed.actor, unhashed.target, JSON.stringify(unhashed.details), prevHash, hash]);
    prevHash = hash;
  }
  db.run("INSERT INTO audit_meta VALUES ('head_seq', '30'), ('head_hash', ?)", [prevHash]);
  const job = (id: string, status: string, finished: string | null, duration: number) =>
    db.run(`INSERT INTO jobs (id, kind, plan, repository, status, queued_at, started_at, finished_at, summary) VALUES (?, 'backup', 'docs', 'home', ?, ?, ?, ?, ?)`,
      [id, status, '2024-01-01T00:00:00.000Z', '2024-01-01T00:00:01.000Z', finished, JSON.stringify({ durationSeconds: duration })]);
  job('00000000aaaaaaaaaaaaa', 'succeeded', '2024-01-01T00:01:00.000Z', 10);
  job('00000000bbbbbbbbbbbbb', 'failed', '2024-01-02T00:01:00.000Z', 0);
  job('00000000ccccccccccccc', 'succeeded', '2024-01-03T00:01:00.000Z', 20);
  job('00000000ddddddddddddd', 'running', null, 0);
  const bytes = db.export();
  db.close();
  return bytes;
}

describe('catalogs from before the segment files', () => {
  let dir: string;
  let dispose: () => Promise<void>;

  beforeEach(async () => ({ dir, dispose } = await tempDataDir()));
  afterEach(() => dispose());

  it('move their audit rows and finished jobs into segments, unchanged and verifiable, and go on keyed', async () => {
    const data = join(dir, 'data');
    await mkdir(data);
    await writeFile(join(data, catalogFileName), legacyCatalog(await loadSqlJs()));
    const { audit, catalog } = newAudit(data);
    const jobs = new JobStoreImpl(catalog, new LogServiceImpl(kernelOptionsFor(data)), kernelOptionsFor(data));
    try {
      const before = await audit.list();
      expect(before.map((e) => e.seq)).to.deep.equal(Array.from({ length: 30 }, (_, i) => i + 1));
      expect((await readdir(join(data, auditDirName))).length, 'one segment per month').to.equal(3);
      const next: AuditEntry = await audit.record({ type: 'config.changed', severity: 'info' });
      expect(next.seq).to.equal(31);
      expect(next.prevHash).to.equal(before.at(-1)!.hash);
      const verified = await audit.verify();
      expect(verified).to.deep.include({ intact: true, entries: 31, keyed: { keyId: verified.keyed!.keyId, fromSeq: 31 } });

      const listed = await jobs.list();
      expect(listed.map((j) => [j.id, j.status])).to.deep.equal([
        ['00000000ddddddddddddd', 'running'], ['00000000ccccccccccccc', 'succeeded'], ['00000000bbbbbbbbbbbbb', 'failed'], ['00000000aaaaaaaaaaaaa', 'succeeded'],
      ]);
      expect(await readdir(join(data, jobHistoryDirName))).to.have.length(1);
      expect(await catalog.read((db) => [
        db.exec('SELECT count(*) FROM audit_log')[0]!.values[0]![0], db.exec('SELECT count(*) FROM jobs')[0]!.values[0]![0],
      ]), 'only the live job stays in the catalog').to.deep.equal([0, 1]);
      expect(await jobs.planHealth()).to.deep.equal([{
        plan: 'docs', repository: 'home', runs: 3, succeeded: 2, successRate: 2 / 3, averageDurationSeconds: 15, lastDurationSeconds: 20,
        lastSuccess: '2024-01-03T00:01:00.000Z', lastFailure: { time: '2024-01-02T00:01:00.000Z', error: 'failed' },
      }]);
      expect((await catalog.copies.list()).map((c) => c.reason), 'a copy from before the migration').to.include('before-migration');
    } finally {
      await catalog.close();
    }
  });
});
