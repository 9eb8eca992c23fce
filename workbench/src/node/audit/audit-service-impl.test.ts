import { expect } from 'chai';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { tempDataDir } from '../catalog/catalog-test-support.js';
import { entryHash } from './audit-chain.js';
import type { AuditEntry } from './audit-service.js';
import type { AuditServiceImpl } from './audit-service-impl.js';
import { newAudit, tamper } from './audit-test-support.js';

async function fill(audit: AuditServiceImpl, count: number): Promise<AuditEntry[]> {
  return Promise.all(Array.from({ length: count }, (_, i) =>
    audit.record({ type: i % 2 ? 'backup.started' : 'config.changed', severity: i % 3 ? 'info' : 'warning', target: `repo-${i}`, details: { i } })));
}

describe('AuditServiceImpl', () => {
  let dir: string;
  let dispose: () => Promise<void>;
  const closers: Array<() => Promise<void>> = [];

  beforeEach(async () => ({ dir, dispose } = await tempDataDir()));
  afterEach(async () => {
    for (const close of closers.splice(0)) await close();
    await dispose();
  });

  function open(): AuditServiceImpl {
    const { audit, catalog } = newAudit(dir);
    closers.push(() => catalog.close());
    return audit;
  }

  async function verifyFresh() {
    const audit = open();
    return audit.verify();
  }

  it('chains batched entries and persists them with the head anchor', async () => {
    const audit = open();
    const entries = await fill(audit, 20);
    expect(entries.map((e) => e.seq)).to.deep.equal(Array.from({ length: 20 }, (_, i) => i + 1));
    for (let i = 1; i < entries.length; i++) expect(entries[i]!.prevHash).to.equal(entries[i - 1]!.hash);
    expect(entries[0]!.actor).to.equal('test');
    const anchor = JSON.parse(await readFile(join(dir, 'audit-head.json'), 'utf8')) as { seq: number; hash: string };
    expect(anchor).to.deep.equal({ seq: 20, hash: entries[19]!.hash });
    const verification = await verifyFresh();
    expect(verification).to.deep.include({ intact: true, entries: 20, headHash: entries[19]!.hash });
  });

  it('filters by type prefix, severity, actor and time, and keeps the newest with limit', async () => {
    const audit = open();
    await fill(audit, 9);
    await audit.record({ type: 'secret.read', severity: 'info', actor: 'plugin:x', target: 'a/password' });
    expect((await audit.list({ type: 'backup' })).map((e) => e.type)).to.deep.equal(Array(4).fill('backup.started'));
    expect((await audit.list({ severity: 'warning' })).map((e) => e.seq)).to.deep.equal([1, 4, 7]);
    expect((await audit.list({ actor: 'plugin:x' })).map((e) => e.seq)).to.deep.equal([10]);
    expect((await audit.list({ limit: 2 })).map((e) => e.seq)).to.deep.equal([9, 10]);
    expect(await audit.list({ until: '2000-01-01' })).to.deep.equal([]);
  });

  it('records its own verifications', async () => {
    const audit = open();
    await fill(audit, 2);
    await audit.verify();
    const [last] = await audit.list({ type: 'audit.verified' });
    expect(last).to.deep.include({ severity: 'info', seq: 3 });
    expect(last!.details).to.deep.include({ intact: true, entries: 2 });
  });

  describe('catches tampering with the catalog', () => {
    beforeEach(async () => {
      const audit = open();
      await fill(audit, 10);
      await audit.flush();
    });

    it('an edited field', async () => {
      await tamper(dir, (db) => db.run("UPDATE audit_log SET actor = 'cli:mallory' WHERE seq = 4"));
      expect((await verifyFresh()).firstBad).to.deep.include({ seq: 4, damage: 'edited' });
    });

    it('edited details', async () => {
      await tamper(dir, (db) => db.run('UPDATE audit_log SET details = \'{"i":99}\' WHERE seq = 7'));
      const result = await verifyFresh();
      expect(result.intact).to.equal(false);
      expect(result.firstBad).to.deep.include({ seq: 7, damage: 'edited' });
      expect(result.firstBad!.problem).to.match(/^edited: entry 7 /);
    });

    it('a deleted row', async () => {
      await tamper(dir, (db) => db.run('DELETE FROM audit_log WHERE seq = 5'));
      expect((await verifyFresh()).firstBad).to.deep.include({ seq: 5, damage: 'deleted' });
    });

    it('deleted rows at the start', async () => {
      await tamper(dir, (db) => db.run('DELETE FROM audit_log WHERE seq <= 2'));
      expect((await verifyFresh()).firstBad).to.deep.include({ seq: 1, damage: 'deleted' });
    });

    it('reordered rows', async () => {
      await tamper(dir, (db) => {
        db.run('UPDATE audit_log SET seq = -1 WHERE seq = 3');
        db.run('UPDATE audit_log SET seq = 3 WHERE seq = 4');
        db.run('UPDATE audit_log SET seq = 4 WHERE seq = -1');
      });
      expect((await verifyFresh()).firstBad).to.deep.include({ seq: 3, damage: 'reordered' });
    });

    it('a truncated tail (caught by the catalog head anchor)', async () => {
      await tamper(dir, (db) => db.run('DELETE FROM audit_log WHERE seq >= 9'));
      const result = await verifyFresh();
      expect(result.firstBad).to.deep.include({ seq: 9, damage: 'truncated' });
      expect(result.firstBad!.problem).to.include('catalog head anchor');
    });

    it('a truncated tail with the meta table fixed up (caught by the data-dir anchor)', async () => {
      await tamper(dir, (db) => {
        const hash = String(db.exec('SELECT hash FROM audit_log WHERE seq = 8')[0]!.values[0]![0]);
        db.run('DELETE FROM audit_log WHERE seq >= 9');
        db.run("UPDATE audit_meta SET value = '8' WHERE key = 'head_seq'");
        db.run("UPDATE audit_meta SET value = ? WHERE key = 'head_hash'", [hash]);
      });
      const result = await verifyFresh();
      expect(result.firstBad).to.deep.include({ seq: 9, damage: 'truncated' });
      expect(result.firstBad!.problem).to.include('data-dir head anchor');
    });

    it('a hash forged without the chain (mid-log and at the head)', async () => {
      const forge = (seq: number) => tamper(dir, (db) => {
        const row = db.exec('SELECT seq, time, type, severity, actor, target, details, prev_hash FROM audit_log WHERE seq = ?', [seq])[0]!.values[0]!;
        const forged = { seq, time: String(row[1]), type: String(row[2]), severity: 'info' as const, actor: 'cli:mallory', target: row[5] as string | null, details: JSON.parse(String(row[6])) as Record<string, number>, prevHash: String(row[7]) };
        db.run("UPDATE audit_log SET actor = 'cli:mallory', severity = 'info', hash = ? WHERE seq = ?", [entryHash(forged), seq]);
      });
      await forge(6);
      const mid = await verifyFresh();
      expect(mid.firstBad).to.deep.include({ seq: 6, damage: 'forged' });
    });

    it('a hash forged without the chain on the last entry', async () => {
      await tamper(dir, (db) => {
        const row = db.exec('SELECT seq, time, type, severity, actor, target, details, prev_hash FROM audit_log WHERE seq = 10')[0]!.values[0]!;
        const forged = { seq: 10, time: String(row[1]), type: 'nothing.happened', severity: String(row[3]) as 'info', actor: String(row[4]), target: row[5] as string | null, details: {}, prevHash: String(row[7]) };
        db.run("UPDATE audit_log SET type = 'nothing.happened', details = '{}', hash = ? WHERE seq = 10", [entryHash(forged)]);
      });
      expect((await verifyFresh()).firstBad).to.deep.include({ seq: 10, damage: 'forged' });
    });

    it('a row added at the tail without the chain', async () => {
      await tamper(dir, (db) => db.run(
        "INSERT INTO audit_log VALUES (11, '2030-01-01T00:00:00.000Z', 'backup.succeeded', 'info', 'cli:mallory', 'r', '{}', ?, ?)", ['ab'.repeat(32), 'cd'.repeat(32)]));
      expect((await verifyFresh()).firstBad).to.deep.include({ seq: 11, damage: 'inserted' });
    });
  });

  describe('rotation', () => {
    const day = 86_400_000;
    const now = new Date('2030-06-01T00:00:00.000Z');

    async function aged(audit: AuditServiceImpl): Promise<void> {
      audit.clock = () => new Date(now.getTime() - 40 * day);
      await fill(audit, 5);
      audit.clock = () => new Date(now.getTime() - 2 * day);
      await fill(audit, 3);
      audit.clock = () => now;
    }

    it('removes old entries and leaves a checkpoint entry, and the rest still verifies', async () => {
      const audit = open();
      await aged(audit);
      const checkpoint = await audit.rotate(30);
      expect(checkpoint).to.deep.include({ type: 'audit.rotated', seq: 9 });
      expect(checkpoint!.details).to.deep.include({ firstKeptSeq: 6, removed: 5, retentionDays: 30 });
      const entries = await audit.list();
      expect(entries.map((e) => e.seq)).to.deep.equal([6, 7, 8, 9]);
      expect(checkpoint!.details['predecessorHash']).to.equal(entries[0]!.prevHash);
      expect(await verifyFresh()).to.deep.include({ intact: true, entries: 4 });
      expect(await audit.rotate(30)).to.equal(undefined);
    });

    it('still catches rows deleted from the start after a rotation, even with the meta checkpoint moved', async () => {
      const audit = open();
      await aged(audit);
      await audit.rotate(30);
      await tamper(dir, (db) => {
        const prev = String(db.exec('SELECT prev_hash FROM audit_log WHERE seq = 7')[0]!.values[0]![0]);
        db.run('DELETE FROM audit_log WHERE seq = 6');
        db.run("UPDATE audit_meta SET value = '7' WHERE key = 'checkpoint_seq'");
        db.run("UPDATE audit_meta SET value = ? WHERE key = 'checkpoint_hash'", [prev]);
      });
      expect((await verifyFresh()).firstBad).to.deep.include({ seq: 6, damage: 'deleted' });
    });

    it('rotating everything out keeps the checkpoint as the only entry', async () => {
      const audit = open();
      await aged(audit);
      const checkpoint = await audit.rotate(1);
      expect(checkpoint!.details).to.deep.include({ firstKeptSeq: 9, removed: 8 });
      expect((await audit.list()).map((e) => e.seq)).to.deep.equal([9]);
      expect((await verifyFresh()).intact).to.equal(true);
    });
  });
});
