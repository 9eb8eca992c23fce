/**
 * Test fixture run as a child process: inserts jobs one by one into `<dataDir>/catalog.sqlite` and prints
 * `committed <id>` after each write resolved. Usage: node catalog-writer.fixture.js <dataDir> <count|0> [lockStaleMs]
 */
import { LogServiceImpl } from '../core/log-service-impl.js';
import { CatalogServiceImpl } from './catalog-service-impl.js';
import { JobStoreImpl } from './job-store-impl.js';
import { kernelOptionsFor } from './catalog-test-support.js';

const [dataDir, countArg, staleArg] = process.argv.slice(2);
if (!dataDir || countArg === undefined) throw new Error('usage: catalog-writer.fixture.js <dataDir> <count|0> [lockStaleMs]');
const count = Number(countArg);
const options = kernelOptionsFor(dataDir);
const log = new LogServiceImpl(options);
const catalog = new CatalogServiceImpl(options, log);
if (staleArg !== undefined) catalog.lockStaleMs = Number(staleArg);
const jobs = new JobStoreImpl(catalog, log, options);

for (let i = 0; count === 0 || i < count; i++) {
  const { job } = await jobs.create({ kind: 'backup', repository: `repo-${process.pid}`, params: { n: i } });
  process.stdout.write(`committed ${job.id}\n`);
}
await catalog.close();
