// In one fresh process: the workbench's RSS before and after its file index is loaded, then search latency over it.
// `--synthetic N`: instead of a kernel, one in-memory index of N distinct paths (1,000 per folder), the worst case
// for memory (no path shared between snapshots). Prints one JSON object.
import { readFileSync } from 'node:fs';

const rss = () => {
  globalThis.gc?.();
  return Number(/^VmRSS:\s+(\d+)/m.exec(readFileSync('/proc/self/status', 'utf8'))[1]) * 1024;
};
const patterns = JSON.parse(process.argv[2]);
const rounds = Number(process.argv[3]);
const synthetic = process.argv.indexOf('--synthetic');

async function timeQueries(search) {
  await search(patterns[0]);
  const samples = [];
  for (let round = 0; round < rounds; round++) {
    for (const pattern of patterns) {
      const started = performance.now();
      await search(pattern);
      samples.push(performance.now() - started);
    }
  }
  return samples;
}

const pairs = process.argv.indexOf('--index-pairs');

if (pairs > 0) {
  // Per snapshot, back to back so that the machine's load hits both alike: drop its index file and let the workbench
  // index it again (restic snapshots + restic ls --json, streamed into the index file), then plain restic doing the same.
  const { startKernel, resolveKernelOptions } = await import('../workbench/dist/node/index.js');
  const { FileIndexService } = await import('../workbench/dist/node/file-index/file-index-service.js');
  const { CancellationToken } = await import('@timelocker/plugin-api');
  const { timeCommand } = await import('./processes.mjs');
  const { rmSync, readdirSync } = await import('node:fs');
  const { join } = await import('node:path');
  const [indexDir, resticEnvJson] = [process.argv[pairs + 1], process.argv[pairs + 2]];
  const resticEnv = JSON.parse(resticEnvJson);
  const kernel = await startKernel(resolveKernelOptions());
  const index = kernel.get(FileIndexService);
  await index.sync(['bench'], CancellationToken.None);
  const samples = [];
  for (const file of readdirSync(indexDir).filter((f) => f.endsWith('.tlfi'))) {
    const id = file.slice(0, -'.tlfi'.length);
    rmSync(join(indexDir, file));
    const started = performance.now();
    const [report] = await index.sync(['bench'], CancellationToken.None);
    const tl = performance.now() - started;
    if (report.error || report.indexed.length !== 1) throw new Error(`indexing ${id} failed: ${report.error ?? JSON.stringify(report)}`);
    const raw = (await timeCommand('restic', ['snapshots', '--json', '--no-lock'], { env: resticEnv })).ms + (await timeCommand('restic', ['ls', '--json', '--no-lock', id], { env: resticEnv })).ms;
    samples.push({ tl, raw });
  }
  console.log(JSON.stringify({ samples }));
  await kernel.stop();
} else if (synthetic > 0) {
  const total = Number(process.argv[synthetic + 1]);
  const { SnapshotListingBuilder, decodeSnapshotListing } = await import('../workbench/dist/node/file-index/snapshot-listing.js');
  const { RepositoryFileIndex } = await import('../workbench/dist/node/file-index/repository-file-index.js');
  const { compilePathQuery } = await import('../workbench/dist/node/file-index/path-query.js');
  const builder = new SnapshotListingBuilder();
  for (let i = 0; i < total; i++) {
    builder.add({ path: `/home/user/project-${String(Math.floor(i / 1000)).padStart(4, '0')}/src/file-${String(i).padStart(7, '0')}.txt`, type: 'file', size: i, mtime: '2024-01-01T00:00:00.5Z' });
  }
  const id = 'a'.repeat(64);
  const file = await builder.encode({ id, shortId: id.slice(0, 8), time: '2024-01-01T00:00:00Z', hostname: 'h', paths: ['/home'], tags: [] });
  const listing = await decodeSnapshotListing(file);
  const before = rss();
  const index = new RepositoryFileIndex('synthetic');
  index.append(listing);
  index.compact();
  const loaded = rss();
  const samples = await timeQueries(async (pattern) => index.search(compilePathQuery(pattern), {}, 50));
  console.log(JSON.stringify({ entries: index.entries, bytesOnDisk: file.length, rssDelta: loaded - before, samples }));
} else {
  const { startKernel, resolveKernelOptions } = await import('../workbench/dist/node/index.js');
  const { FileIndexService } = await import('../workbench/dist/node/file-index/file-index-service.js');
  const kernel = await startKernel(resolveKernelOptions());
  const index = kernel.get(FileIndexService);
  const before = rss();
  const loadStarted = performance.now();
  const [status] = await index.status();
  const loadMs = performance.now() - loadStarted;
  const loaded = rss();
  const samples = await timeQueries((pattern) => index.search({ pattern, limit: 50 }));
  console.log(JSON.stringify({ entries: status.entries, distinctPaths: status.distinctPaths, distinctVersions: status.distinctVersions, bytesOnDisk: status.diskBytes, loadMs, rssDelta: loaded - before, samples }));
  await kernel.stop();
}
