// Fill a data dir with history the way years of use would leave it, fast: through the real stores, in big batches.
import { CatalogServiceImpl } from '../workbench/dist/node/catalog/catalog-service-impl.js';
import { JobStoreImpl } from '../workbench/dist/node/catalog/job-store-impl.js';
import { recordPlanRun } from '../workbench/dist/node/catalog/plan-runs.js';
import { AuditHealth } from '../workbench/dist/node/audit/audit-health.js';
import { AuditKeyProvider } from '../workbench/dist/node/audit/audit-key.js';
import { AuditServiceImpl } from '../workbench/dist/node/audit/audit-service-impl.js';
import { LogServiceImpl } from '../workbench/dist/node/core/log-service-impl.js';
import { CredentialsServiceImpl } from '../workbench/dist/node/credentials/credentials-service-impl.js';

/** The stores of one installation (`options`: KernelOptions), as a kernel would wire them. */
export function openStores(options) {
  const log = new LogServiceImpl(options);
  const catalog = new CatalogServiceImpl(options, log);
  const jobs = new JobStoreImpl(catalog, log, options);
  const audit = new AuditServiceImpl(catalog, options, log, new AuditKeyProvider(new CredentialsServiceImpl(log), options), new AuditHealth(catalog, log));
  return { log, catalog, jobs, audit, close: () => catalog.close() };
}

const job = (i, start) => {
  const queued = start + i * 3_600_000;
  const failed = i % 25 === 0;
  const duration = 20 + (i % 40);
  return {
    id: `${queued.toString(36).padStart(9, '0')}${String(i).padStart(10, '0')}`, kind: 'backup', plan: `plan-${i % 4}`,
    repository: i % 2 ? 'nas' : 's3-eu', status: failed ? 'failed' : 'succeeded',
    queuedAt: new Date(queued).toISOString(), startedAt: new Date(queued).toISOString(), finishedAt: new Date(queued + duration * 1000).toISOString(),
    ...(failed ? { error: 'repository is already locked by PID 4242 on host "nas"' } : {
      summary: {
        filesNew: i % 30, filesChanged: i % 7, filesUnmodified: 12_000, dirsNew: 0, dirsChanged: 2, dirsUnmodified: 900,
        dataAdded: (i % 100) * 40_960, totalFilesProcessed: 12_037, totalBytesProcessed: 3_500_000_000, durationSeconds: duration,
        snapshotId: (i * 2_654_435_761 >>> 0).toString(16).padStart(8, '0'), unreadableFiles: 0,
      },
    }),
  };
};

/** `count` finished backup jobs, one an hour up to now, each with a short output, into the job history and plan totals. */
export async function appendFinishedJobs(stores, count, start = Date.now() - count * 3_600_000) {
  for (let from = 0; from < count; from += 5000) {
    const batch = Array.from({ length: Math.min(5000, count - from) }, (_, k) => job(from + k, start));
    await stores.jobs.history.append(batch.map((j) => ({
      job: j, log: [`${j.queuedAt} queued: backup ${j.plan} for scheduler`, `${j.startedAt} started (pid 4242)`, `${j.finishedAt} ${j.status}`],
    })));
    await stores.catalog.write((db) => { for (const j of batch) recordPlanRun(db, j); });
  }
}

/** `count` audit entries spread over the `days` before `end` (so they fill monthly segments), recorded in batches. */
export async function fillAudit(audit, count, { days = 730, end = Date.now(), batch = 10_000 } = {}) {
  const step = (days * 86_400_000) / count;
  for (let from = 0; from < count; from += batch) {
    audit.clock = () => new Date(end - (count - from) * step);
    await Promise.all(Array.from({ length: Math.min(batch, count - from) }, (_, k) => audit.record({
      type: k % 3 ? 'backup.succeeded' : 'secret.read', severity: 'info', target: `repository-${k % 7}`,
      details: { jobId: `job-${String(from + k).padStart(8, '0')}`, plan: `plan-${k % 5}`, filesNew: k % 100, dataAdded: k * 4096, note: 'x'.repeat(120) },
    })));
  }
  audit.clock = () => new Date();
}
