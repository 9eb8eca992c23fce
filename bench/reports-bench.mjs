import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CancellationToken } from '@timelocker/plugin-api';
import { renderCsv } from '../builtin-plugins/reports/dist/csv-format.js';
import { renderPdf } from '../builtin-plugins/reports/dist/pdf-format.js';
import { CatalogService } from '../workbench/dist/node/catalog/catalog-service.js';
import { startKernel } from '../workbench/dist/node/kernel.js';
import { resolveKernelOptions } from '../workbench/dist/node/kernel-paths.js';
import { PluginService } from '../workbench/dist/node/plugins/plugin-service.js';
import { ReportService } from '../workbench/dist/node/reports/report-service.js';
import { timeCommand } from './processes.mjs';
import { cliEntry } from './sides.mjs';
import { median } from './stats.mjs';

export const REPORT_JOBS = 10_000;

/** 10,000 finished backup jobs over ~14 months, in one catalog transaction (a few hundred ms). */
async function insertJobs(catalog) {
  const start = Date.UTC(2025, 9, 1);
  await catalog.write((db) => {
    const stmt = db.prepare(`INSERT INTO jobs (id, kind, plan, repository, status, queued_at, started_at, finished_at, summary, error)
      VALUES (?, 'backup', ?, ?, ?, ?, ?, ?, ?, ?)`);
    try {
      for (let i = 0; i < REPORT_JOBS; i++) {
        const t = start + i * 3_600_000;
        const failed = i % 25 === 0;
        const duration = 20 + (i % 40);
        const summary = failed ? null : JSON.stringify({
          filesNew: i % 30, filesChanged: i % 7, filesUnmodified: 12_000, dirsNew: 0, dirsChanged: 2, dirsUnmodified: 900,
          dataAdded: (i % 100) * 40_960, totalFilesProcessed: 12_037, totalBytesProcessed: 3_500_000_000, durationSeconds: duration,
          snapshotId: (i * 2_654_435_761 >>> 0).toString(16).padStart(8, '0'), unreadableFiles: 0,
        });
        stmt.run([`bench-${String(i).padStart(6, '0')}`, `plan-${i % 4}`, i % 2 ? 'nas' : 's3-eu', failed ? 'failed' : 'succeeded',
          new Date(t).toISOString(), new Date(t).toISOString(), new Date(t + duration * 1000).toISOString(), summary,
          failed ? 'repository is already locked by PID 4242 on host "nas"' : null]);
      }
    } finally {
      stmt.free();
    }
  });
}

/**
 * Report generation for 10,000 jobs (goals: PDF ≤ 3 s, CSV ≤ 0.5 s): the kernel's ReportService (catalog read,
 * digest, audit chain check, plugin-host RPC, rendering) beside the format library alone on the same data.
 * Also the whole `timelocker report` command (process start, kernel, plugin host) for context.
 */
export async function benchReports({ workDir, runs = 3, log = () => undefined }) {
  const dir = join(workDir, 'reports');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const options = resolveKernelOptions({ configFile: join(dir, 'timelocker.json'), dataDir: join(dir, 'data') });
  const kernel = await startKernel(options);
  try {
    await insertJobs(kernel.get(CatalogService));
    await kernel.get(PluginService).start();
    const reports = kernel.get(ReportService);
    const request = { type: 'backup-jobs' };
    const data = await reports.build(request, CancellationToken.None);
    const figures = {};
    for (const [format, library] of [['pdf', renderPdf], ['csv', renderCsv]]) {
      // One unmeasured run activates the plugin and loads the format's library on both sides.
      await reports.render(request, format, CancellationToken.None);
      await library(data);
      const tl = [];
      const raw = [];
      for (let i = 0; i < runs; i++) {
        let t = performance.now();
        const rendered = await reports.render(request, format, CancellationToken.None);
        writeFileSync(join(dir, `jobs.${format}`), rendered.content);
        tl.push(performance.now() - t);
        t = performance.now();
        writeFileSync(join(dir, `library.${format}`), await library(data));
        raw.push(performance.now() - t);
      }
      log(`report ${format} (${data.rows.length} jobs): timelocker ${tl.map((v) => v.toFixed(0)).join('/')} ms, library alone ${raw.map((v) => v.toFixed(0)).join('/')} ms`);
      figures[format] = { tl: median(tl), raw: median(raw), samples: { tl, raw } };
    }
    for (const format of ['pdf', 'csv']) {
      const env = { ...process.env, TIMELOCKER_CONFIG: options.configFile, TIMELOCKER_DATA_DIR: options.dataDir };
      const { ms } = await timeCommand(process.execPath, [cliEntry, 'report', 'backup-jobs', '--format', format, '--out', join(dir, `cli.${format}`)], { env });
      log(`timelocker report backup-jobs --format ${format}: ${ms.toFixed(0)} ms (whole command)`);
      figures[format].cliMs = ms;
    }
    return { rows: data.rows.length, ...figures };
  } finally {
    await kernel.stop();
  }
}
