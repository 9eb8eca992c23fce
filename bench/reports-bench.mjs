import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CancellationToken } from '@timelocker/plugin-api';
import { renderCsv } from '../builtin-plugins/reports/dist/csv-format.js';
import { renderPdf } from '../builtin-plugins/reports/dist/pdf-format.js';
import { CatalogService } from '../workbench/dist/node/catalog/catalog-service.js';
import { JobStore } from '../workbench/dist/node/catalog/job-store.js';
import { startKernel } from '../workbench/dist/node/kernel.js';
import { resolveKernelOptions } from '../workbench/dist/node/kernel-paths.js';
import { PluginService } from '../workbench/dist/node/plugins/plugin-service.js';
import { ReportService } from '../workbench/dist/node/reports/report-service.js';
import { appendFinishedJobs } from './history-fixtures.mjs';
import { timeCommand } from './processes.mjs';
import { cliEntry } from './sides.mjs';
import { median } from './stats.mjs';

export const REPORT_JOBS = 10_000;

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
    // 10,000 finished backup jobs, one an hour, in the job history as years of use leave them.
    await appendFinishedJobs({ jobs: kernel.get(JobStore), catalog: kernel.get(CatalogService) }, REPORT_JOBS);
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
