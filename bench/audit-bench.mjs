// Audit log figures: batched append (incl. persistence) and `verify` of a ~10 MB log. Goals: ≤ 1 ms, ≤ 2 s.
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { appendEntries } from '../workbench/dist/node/audit/audit-store.js';
import { AuditServiceImpl } from '../workbench/dist/node/audit/audit-service-impl.js';
import { CatalogServiceImpl } from '../workbench/dist/node/catalog/catalog-service-impl.js';
import { LogServiceImpl } from '../workbench/dist/node/core/log-service-impl.js';
import { median } from './stats.mjs';

export const AUDIT_GOALS = { appendMs: 1, verifyMs: 2000, logBytes: 10 * 1024 * 1024 };

function open(dir) {
  const options = { configFile: join(dir, 'timelocker.json'), dataDir: join(dir, 'data'), builtinPluginsDir: dir, extraPluginDirs: [], actor: 'bench' };
  const log = new LogServiceImpl(options);
  const catalog = new CatalogServiceImpl(options, log);
  return { audit: new AuditServiceImpl(catalog, options, log), catalog };
}

const event = (i) => ({
  type: i % 3 ? 'backup.succeeded' : 'secret.read', severity: 'info', target: `repository-${i % 7}`,
  details: { jobId: `job-${String(i).padStart(8, '0')}`, plan: `plan-${i % 5}`, filesNew: i % 100, dataAdded: i * 4096, note: 'x'.repeat(120) },
});

/** Bytes the log's rows hold (sum of column lengths), the size a SIEM export would roughly have. */
async function logBytes(catalog) {
  return catalog.read((db) => Number(db.exec(`SELECT sum(length(time) + length(type) + length(severity) + length(actor)
    + coalesce(length(target), 0) + length(details) + length(prev_hash) + length(hash)) FROM audit_log`)[0].values[0][0]));
}

export async function benchAudit({ workDir, batches = 30, batchSize = 100, log = () => undefined }) {
  const dir = join(workDir, 'audit');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const { audit, catalog } = open(dir);
  const perEntryMs = [];
  const callMs = [];
  const singleMs = [];
  try {
    await audit.record(event(0));
    for (let b = 0; b < batches; b++) {
      const started = performance.now();
      await Promise.all(Array.from({ length: batchSize }, async (_, i) => {
        const t = performance.now();
        await audit.record(event(b * batchSize + i));
        callMs.push(performance.now() - t);
      }));
      perEntryMs.push((performance.now() - started) / batchSize);
    }
    for (let i = 0; i < 15; i++) {
      const started = performance.now();
      await audit.record(event(i));
      singleMs.push(performance.now() - started);
    }
    // Grow the log to ~10 MB in a few transactions, chained exactly like record() chains.
    let bytes = await logBytes(catalog);
    let n = 0;
    while (bytes < AUDIT_GOALS.logBytes) {
      await catalog.write((db) => appendEntries(db, Array.from({ length: 5000 }, () => ({ time: new Date().toISOString(), actor: 'bench', ...event(n++), target: `repository-${n % 7}` }))));
      bytes = await logBytes(catalog);
    }
    const entries = await catalog.read((db) => Number(db.exec('SELECT count(*) FROM audit_log')[0].values[0][0]));
    log(`audit: ${entries} entries, ${(bytes / 1048576).toFixed(1)} MB`);
    await catalog.close();

    const verifyMs = [];
    for (let i = 0; i < 3; i++) {
      const fresh = open(dir);
      const started = performance.now();
      const result = await fresh.audit.verify();
      verifyMs.push(performance.now() - started);
      await fresh.catalog.close();
      if (!result.intact) throw new Error(`bench log does not verify: ${result.firstBad.problem}`);
    }
    const figures = {
      appendPerEntryMs: median(perEntryMs), appendCallMs: median(callMs), appendSingleMs: median(singleMs),
      verifyMs: median(verifyMs), entries, bytes, batchSize,
    };
    log(`audit append ${figures.appendPerEntryMs.toFixed(3)} ms/entry (batches of ${batchSize}), verify ${figures.verifyMs.toFixed(0)} ms`);
    return figures;
  } finally {
    await catalog.close().catch(() => undefined);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const workDir = join(new URL('.', import.meta.url).pathname, 'work');
  console.log(JSON.stringify(await benchAudit({ workDir, log: console.log }), null, 2));
}
