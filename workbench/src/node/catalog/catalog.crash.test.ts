import { expect } from 'chai';
import { allJobIds, newCatalog, startWriter, stopWriter, useWriterFixture } from './catalog-test-support.js';

describe('catalog survives writers killed mid-write', () => {
  const { dir, writers } = useWriterFixture();

  it('keeps every write a SIGKILLed child reported as committed', async function () {
    this.timeout(90_000);
    const deadline = Date.now() + 75_000;
    const reported: string[] = [];
    let kills = 0;
    while (reported.length < 100) {
      expect(Date.now(), 'the loop took too long').to.be.below(deadline);
      // The lowest stale time proper-lockfile allows: a killed writer leaves its lock behind for the next one.
      const writer = startWriter(dir(), 0, 2000);
      writers.push(writer);
      const killAfter = 5 + Math.floor(Math.random() * 30);
      writer.onCommit((count) => {
        if (count !== killAfter) return;
        // A random few ms later lands the kill anywhere in the next write: in the lock, the export, the fsync, the rename.
        setTimeout(() => stopWriter(writer), Math.random() * 12);
      });
      const { signal, stderr } = await writer.exited;
      expect(signal, `writer ended on its own: ${stderr}`).to.equal('SIGKILL');
      kills++;
      reported.push(...writer.committed);
    }
    expect(kills).to.be.greaterThan(1);

    const stored = new Set(await allJobIds(dir()));
    const lost = reported.filter((id) => !stored.has(id));
    expect(lost, 'committed ids missing from the catalog').to.deep.equal([]);
    expect(stored.size).to.be.at.least(reported.length);

    const { catalog } = newCatalog(dir());
    try {
      const integrity = await catalog.read((db) => db.exec('PRAGMA integrity_check')[0]?.values[0]?.[0]);
      expect(integrity).to.equal('ok');
    } finally {
      await catalog.close();
    }
  });
});
