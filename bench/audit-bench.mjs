// Audit log figures: batched append (incl. persistence) and `verify` of a ~10 MB log. Goals: ≤ 1 ms, ≤ 2 s.
import { mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { auditDirName } from '../workbench/dist/node/audit/audit-store.js';
import { fillAudit, openStores } from './history-fixtures.mjs';
import { median } from './stats.mjs';

export const AUDIT_GOALS = { appendMs: 1, verifyMs: 2000, logBytes: 10 * 1024 * 1024 };

function open(dir) {
  return openStores({ configFile: join(dir, 'config', 'timelocker.json'), dataDir: join(dir, 'data'), builtinPluginsDir: dir, extraPluginDirs: [], actor: 'bench' });
}

const event = (i) => ({
  type: i % 3 ? 'backup.succeeded' : 'secret.read', severity: 'info', target: `repository-${i % 7}`,
  details: { jobId: `job-${String(i).padStart(8, '0')}`, plan: `plan-${i % 5}`, filesNew: i % 100, dataAdded: i * 4096, note: 'x'.repeat(120) },
});

/** Bytes of the log's segment files. */
function logBytes(dir) {
  const segments = join(dir, 'data', auditDirName);
  return readdirSync(segments).reduce((sum, name) => sum + statSync(join(segments, name)).size, 0);
}

export async function benchAudit({ workDir, batches = 30, batchSize = 100, log = () => undefined }) {
  const dir = join(workDir, 'audit');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const stores = open(dir);
  const perEntryMs = [];
  const callMs = [];
  const singleMs = [];
  try {
    await stores.audit.record(event(0));
    for (let b = 0; b < batches; b++) {
      const started = performance.now();
      await Promise.all(Array.from({ length: batchSize }, async (_, i) => {
        const t = performance.now();
        await stores.audit.record(event(b * batchSize + i));
        callMs.push(performance.now() - t);
      }));
      perEntryMs.push((performance.now() - started) / batchSize);
    }
    for (let i = 0; i < 15; i++) {
      const started = performance.now();
      await stores.audit.record(event(i));
      singleMs.push(performance.now() - started);
    }
    // Grow the log to ~10 MB in big batches, chained and keyed exactly like every record().
    while (logBytes(dir) < AUDIT_GOALS.logBytes) await fillAudit(stores.audit, 5000, { days: 1, batch: 5000 });
  } finally {
    await stores.close();
  }
  const bytes = logBytes(dir);
  const verifyMs = [];
  let entries = 0;
  for (let i = 0; i < 3; i++) {
    const fresh = open(dir);
    try {
      const started = performance.now();
      const result = await fresh.audit.verify();
      verifyMs.push(performance.now() - started);
      if (!result.intact) throw new Error(`bench log does not verify: ${result.firstBad.problem}`);
      entries = result.entries;
    } finally {
      await fresh.close();
    }
  }
  log(`audit: ${entries} entries, ${(bytes / 1048576).toFixed(1)} MB`);
  const figures = {
    appendPerEntryMs: median(perEntryMs), appendCallMs: median(callMs), appendSingleMs: median(singleMs),
    verifyMs: median(verifyMs), entries, bytes, batchSize,
  };
  log(`audit append ${figures.appendPerEntryMs.toFixed(3)} ms/entry (batches of ${batchSize}), verify ${figures.verifyMs.toFixed(0)} ms`);
  return figures;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const workDir = join(new URL('.', import.meta.url).pathname, 'work');
  console.log(JSON.stringify(await benchAudit({ workDir, log: console.log }), null, 2));
}
