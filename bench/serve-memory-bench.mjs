// Issue 14 item 6: the RSS of a real idle `timelocker serve` (one local repository, one plan, plugin host started)
// beside an idle bare node process, with the plugin host child's RSS as information.
/* global fetch -- Node 20 provides it */
import { setTimeout as delay } from 'node:timers/promises';
import { join } from 'node:path';
import { childPids, readRssBytes, timeCommand } from './processes.mjs';
import { serve, stopServe } from './serve-process.mjs';
import { TimeLockerSide } from './sides.mjs';
import { median } from './stats.mjs';

const IDLE_MS = 2000;
const READY_DEADLINE_MS = 60_000;
const idleNodeScript = `setTimeout(() => {
  const kb = /^VmRSS:\\s+(\\d+)/m.exec(require('node:fs').readFileSync('/proc/self/status', 'utf8'))[1];
  console.log(JSON.stringify({ rssBytes: Number(kb) * 1024 }));
}, ${IDLE_MS});`;

/** `/readyz` answers 200 only once the catalog is writable, the plugin host is up and the scheduler runs. */
async function waitReady(url) {
  const deadline = Date.now() + READY_DEADLINE_MS;
  while (Date.now() < deadline) {
    const response = await fetch(new URL('/readyz', url)).catch(() => undefined);
    if (response?.status === 200) return;
    await delay(50);
  }
  throw new Error(`serve at ${url} was not ready within ${READY_DEADLINE_MS} ms`);
}

/** One serve start per run: RSS of serve and of its plugin host after /readyz and IDLE_MS idle, then a bare node's. */
export async function benchServeMemory({ workDir, treeRoot, runs, log }) {
  const side = new TimeLockerSide(join(workDir, 'serve-memory'));
  await side.create(treeRoot);
  const serveRss = [];
  const hostRss = [];
  const nodeRss = [];
  for (let i = 0; i < runs; i++) {
    const server = await serve(side.env);
    try {
      await waitReady(server.url);
      await delay(IDLE_MS);
      serveRss.push(await readRssBytes(server.child.pid));
      const hosts = await Promise.all((await childPids(server.child.pid)).map(readRssBytes));
      hostRss.push(hosts.reduce((sum, rss) => sum + (rss ?? 0), 0));
    } finally {
      await stopServe(server);
    }
    nodeRss.push(JSON.parse((await timeCommand(process.execPath, ['-e', idleNodeScript], { captureStdout: true })).stdout).rssBytes);
  }
  const mib = (values) => values.map((v) => (v / 1048576).toFixed(1)).join('/');
  log(`idle serve RSS ${mib(serveRss)} MiB, plugin host ${mib(hostRss)} MiB, idle node ${mib(nodeRss)} MiB`);
  return { serveRssBytes: median(serveRss), hostRssBytes: median(hostRss), nodeRssBytes: median(nodeRss), runs, idleMs: IDLE_MS };
}
