// One fresh process on an installation: what a catalog write costs there — a whole job (recorded, running, its
// output, ended into the history with its plan's totals) plus an audit entry. Prints { medianMs, maxRssBytes }.
import { hostname } from 'node:os';
import { openStores } from './history-fixtures.mjs';
import { median } from './stats.mjs';

const [configFile, dataDir] = process.argv.slice(2);
const stores = openStores({ configFile, dataDir, builtinPluginsDir: dataDir, extraPluginDirs: [], actor: 'bench' });

async function jobLifecycle() {
  const { job } = await stores.jobs.create({ kind: 'backup', repository: 'nas', plan: 'plan-0', hold: 'backup:plan-0' });
  await stores.jobs.update(job.id, { status: 'running', startedAt: new Date().toISOString(), ownerPid: process.pid });
  await stores.jobs.appendLog(job.id, [`started on ${hostname()}`, 'progress 50.0 %', 'progress 100.0 %']);
  await stores.audit.record({ type: 'backup.succeeded', severity: 'info', target: 'nas', details: { jobId: job.id } });
  await stores.jobs.finish(job.id, { status: 'succeeded', summary: { filesNew: 1, durationSeconds: 1, snapshotId: job.id.slice(-8) } });
}

for (let i = 0; i < 3; i++) await jobLifecycle();
const times = [];
for (let i = 0; i < 10; i++) {
  const started = performance.now();
  await jobLifecycle();
  times.push(performance.now() - started);
}
await stores.close();
console.log(JSON.stringify({ medianMs: median(times), maxRssBytes: process.resourceUsage().maxRSS * 1024 }));
