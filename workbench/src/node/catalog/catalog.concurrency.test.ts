import { expect } from 'chai';
import { allJobIds, startWriter, useWriterFixture } from './catalog-test-support.js';

describe('catalog with two writing processes', () => {
  const { dir, writers } = useWriterFixture();

  it('keeps all 1000 rows when two processes insert 500 each at the same time', async function () {
    this.timeout(90_000);
    writers.push(startWriter(dir(), 500), startWriter(dir(), 500));
    const results = await Promise.all(writers.map((writer) => writer.exited));
    for (const { code, stderr } of results) expect(code, stderr).to.equal(0);
    for (const writer of writers) expect(writer.committed).to.have.length(500);

    const ids = await allJobIds(dir());
    expect(ids).to.have.length(1000);
    expect(new Set(ids).size).to.equal(1000);
    expect(new Set(ids)).to.deep.equal(new Set(writers.flatMap((writer) => writer.committed)));
  });
});
