import { expect } from 'chai';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { kernelOptionsFor, newCatalog, tempDataDir } from '../catalog/catalog-test-support.js';
import { CredentialsServiceImpl } from '../credentials/credentials-service-impl.js';
import { AUDIT_KEY_ACCOUNT, AUDIT_KEY_SERVICE, AuditKeyProvider } from './audit-key.js';
import { legacyHash } from './audit-chain.js';
import type { AuditEntry } from './audit-service.js';
import type { AuditServiceImpl } from './audit-service-impl.js';
import { auditSegments, newAudit, tamper } from './audit-test-support.js';

async function fill(audit: AuditServiceImpl, count: number): Promise<AuditEntry[]> {
  return Promise.all(Array.from({ length: count }, (_, i) =>
    audit.record({ type: i % 2 ? 'backup.started' : 'config.changed', severity: i % 3 ? 'info' : 'warning', target: `repo-${i}`, details: { i } })));
}

type Line = AuditEntry & Record<string, unknown>;
const edit = (change: (entry: Line) => Line) => (line: string): string => JSON.stringify(change(JSON.parse(line) as Line));
/** Recomputes an entry's hash the way someone without the key can: plain SHA-256. */
const rehash = (entry: Line): Line => ({ ...entry, hash: legacyHash(entry) });

describe('AuditServiceImpl (segment files, keyed chain)', () => {
  let root: string;
  let dir: string;
  let dispose: () => Promise<void>;
  const closers: Array<() => Promise<void>> = [];

  beforeEach(async () => {
    ({ dir: root, dispose } = await tempDataDir());
    dir = join(root, 'data');
  });
  afterEach(async () => {
    for (const close of closers.splice(0)) await close();
    await dispose();
  });

  function open(): AuditServiceImpl {
    const { audit, catalog } = newAudit(dir);
    closers.push(() => catalog.close());
    return audit;
  }

  const verifyFresh = () => open().verify();

  it('chains batched entries with a key kept outside the data dir, and persists the head anchor', async () => {
    const audit = open();
    const entries = await fill(audit, 20);
    expect(entries.map((e) => e.seq)).to.deep.equal(Array.from({ length: 20 }, (_, i) => i + 1));
    for (let i = 1; i < entries.length; i++) expect(entries[i]!.prevHash).to.equal(entries[i - 1]!.hash);
    expect(entries[0]!.actor).to.equal('test');
    expect(entries[0]!.hash, 'keyed, not plain SHA-256').not.to.equal(legacyHash(entries[0]!));
    const key = JSON.parse(await readFile(join(root, 'config', 'audit.key'), 'utf8')) as { keyedFromSeq: number };
    expect(key.keyedFromSeq).to.equal(1);
    const anchor = JSON.parse(await readFile(join(dir, 'audit-head.json'), 'utf8')) as { seq: number; hash: string };
    expect(anchor).to.deep.equal({ seq: 20, hash: entries[19]!.hash });
    expect(await verifyFresh()).to.deep.include({ intact: true, entries: 20, headHash: entries[19]!.hash });
  });

  it('reads a key recorded as kept in a file without asking the keyring; with no record, the keyring first', async () => {
    await fill(open(), 1);
    const { catalog, log } = newCatalog(dir);
    closers.push(() => catalog.close());
    const asked: string[] = [];
    class CountingCredentials extends CredentialsServiceImpl {
      override get(account: string, service?: string): Promise<string | undefined> {
        asked.push(`${service}/${account}`);
        return super.get(account, service);
      }
    }
    const options = { ...kernelOptionsFor(dir), configFile: join(root, 'config', 'timelocker.json') };
    const key = await new AuditKeyProvider(new CountingCredentials(log), options).find();
    expect(JSON.parse(await readFile(join(dir, 'audit-key-location.json'), 'utf8'))).to.include({ location: 'file' });
    expect(key?.keyedFromSeq).to.equal(1);
    expect(asked).to.deep.equal([]);
    await rm(join(dir, 'audit-key-location.json'));
    expect((await new AuditKeyProvider(new CountingCredentials(log), options).find())?.keyedFromSeq).to.equal(1);
    expect(asked).to.deep.equal([`${AUDIT_KEY_SERVICE}/${AUDIT_KEY_ACCOUNT}`]);
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

  describe('catches tampering with the segment files', () => {
    let head: AuditEntry;

    beforeEach(async () => {
      head = (await fill(open(), 10)).at(-1)!;
    });

    it('an edited field', async () => {
      await tamper(dir, (lines) => lines.map((line, i) => (i === 3 ? edit((e) => ({ ...e, actor: 'cli:mallory' }))(line) : line)));
      expect((await verifyFresh()).firstBad).to.deep.include({ seq: 4, damage: 'edited' });
    });

    it('a deleted entry, and entries deleted at the start', async () => {
      await tamper(dir, (lines) => lines.slice(2));
      expect((await verifyFresh()).firstBad).to.deep.include({ seq: 1, damage: 'deleted' });
      await tamper(dir, (lines) => lines.filter((line) => (JSON.parse(line) as AuditEntry).seq !== 5));
      expect((await verifyFresh()).firstBad).to.deep.include({ seq: 5, damage: 'deleted' });
    });

    it('swapped lines', async () => {
      await tamper(dir, (lines) => [...lines.slice(0, 2), lines[3]!, lines[2]!, ...lines.slice(4)]);
      expect((await verifyFresh()).firstBad).to.deep.include({ seq: 3, damage: 'reordered' });
    });

    it('a truncated tail (caught by the data-dir head anchor)', async () => {
      await tamper(dir, (lines) => lines.slice(0, 8));
      const result = await verifyFresh();
      expect(result.firstBad).to.deep.include({ seq: 9, damage: 'truncated' });
      expect(result.firstBad!.problem).to.include('data-dir head anchor');
    });

    it('a truncated tail with the data-dir anchor rewritten too: only a head recorded off-site catches it', async () => {
      const eighth = JSON.parse((await readFile((await auditSegments(dir)).at(-1)!, 'utf8')).split('\n')[7]!) as AuditEntry;
      await tamper(dir, (lines) => lines.slice(0, 8));
      await writeFile(join(dir, 'audit-head.json'), JSON.stringify({ seq: 8, hash: eighth.hash }));
      // That verification is recorded as a new entry 9: the log goes on from the rewritten head.
      expect((await verifyFresh()).intact, 'nothing left in the data dir shows it').to.equal(true);
      const against = { repository: 'offsite', snapshots: [{ seq: head.seq, hash: head.hash, snapshot: 'a'.repeat(64), time: head.time }] };
      const result = await open().verify({ against });
      expect(result.firstBad).to.deep.include({ seq: 10, damage: 'truncated' });
      expect(result.firstBad!.problem).to.include('snapshot aaaaaaaa').and.include('records entry 10').and.include('ends at entry 9');
      expect(result.anchors).to.deep.equal({ checked: 1, matched: 0, rotatedOut: 0, repository: 'offsite' });
    });

    it('a chain recomputed by someone without the key (from an edit to the end, anchor rewritten)', async () => {
      await tamper(dir, (lines) => {
        let prev = '';
        return lines.map((line, i) => {
          if (i < 5) {
            prev = (JSON.parse(line) as AuditEntry).hash;
            return line;
          }
          const entry = rehash({ ...(JSON.parse(line) as Line), prevHash: prev, ...(i === 5 ? { actor: 'cli:mallory' } : {}) });
          prev = entry.hash;
          return JSON.stringify(entry);
        });
      });
      const last = JSON.parse((await readFile((await auditSegments(dir)).at(-1)!, 'utf8')).trim().split('\n').at(-1)!) as AuditEntry;
      await writeFile(join(dir, 'audit-head.json'), JSON.stringify({ seq: last.seq, hash: last.hash }));
      const result = await verifyFresh();
      expect(result.firstBad).to.deep.include({ seq: 6, damage: 'forged' });
      expect(result.firstBad!.problem).to.include('without the audit key');
    });

    it('an entry added at the tail without the chain, and a line cut off by a crash', async () => {
      await tamper(dir, (lines) => [...lines, JSON.stringify({ ...head, seq: 11, prevHash: head.hash, hash: 'cd'.repeat(32), actor: 'cli:mallory' })]);
      expect((await verifyFresh()).firstBad).to.deep.include({ seq: 11, damage: 'edited' });
      await tamper(dir, (lines) => [...lines.slice(0, 10), lines[10]!.slice(0, 40)]);
      const torn = await verifyFresh();
      expect(torn.firstBad).to.deep.include({ seq: 11, damage: 'damaged' });
    });
  });

  it('keeps recording after a torn last line and says so, loudly', async () => {
    const audit = open();
    await fill(audit, 3);
    await tamper(dir, (lines) => [...lines, '{"seq":4,"time":"20']);
    const next = await audit.record({ type: 'backup.started', severity: 'info' });
    expect(next.seq).to.equal(4);
    const { catalog } = newAudit(dir);
    closers.push(() => catalog.close());
    const problem = await catalog.read((db) => db.exec("SELECT value FROM state WHERE key = 'audit.problem'")[0]?.values[0]?.[0]);
    expect(String(problem)).to.include('cut off');
    expect((await verifyFresh()).firstBad).to.deep.include({ seq: 4, damage: 'damaged' });
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

    it('removes whole old segments (one per month) and leaves a checkpoint entry; the rest still verifies', async () => {
      const audit = open();
      await aged(audit);
      expect(await auditSegments(dir)).to.have.length(2);
      const checkpoint = await audit.rotate(30);
      expect(checkpoint).to.deep.include({ type: 'audit.rotated', seq: 9 });
      expect(checkpoint!.details).to.deep.include({ firstKeptSeq: 6, removed: 5, retentionDays: 30 });
      const entries = await audit.list();
      expect(entries.map((e) => e.seq)).to.deep.equal([6, 7, 8, 9]);
      expect(checkpoint!.details['predecessorHash']).to.equal(entries[0]!.prevHash);
      expect(await verifyFresh()).to.deep.include({ intact: true, entries: 4 });
      expect(await audit.rotate(30)).to.equal(undefined);
    });

    it('still catches entries deleted from the start of the kept log', async () => {
      const audit = open();
      await aged(audit);
      await audit.rotate(30);
      await tamper(dir, (lines) => lines.slice(1), 0);
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
