// The rows of bench/RESULTS.md, one section per issue. A benchmark that threw shows as a FAILED row (`failures[name]`).
import { AUDIT_GOALS } from './audit-bench.mjs';
import { authoringRows } from './authoring-bench.mjs';
import { HISTORY_GOALS } from './history-bench.mjs';
import { IDLE_MS } from './kernel-bench.mjs';
import { POLICY_GOAL_MS } from './policy-bench.mjs';
import { failedRow, format, goalRow, infoRow } from './results-table.mjs';
import { IDLE_SAMPLE_MS } from './scheduler-bench.mjs';
import { uiGoals } from './ui-bench.mjs';

export const goals = {
  firstRatio: 1.05, rerunRatio: 1.10, snapshotsOverheadMs: 250, coldStartMs: 300, rpcUs: 100, idleRssBytes: 120 * 1024 * 1024,
  remoteRatio: 1.05, forgetRatio: 1.10, schedulerCpuPercent: 1, nextRunMs: 50, reportPdfMs: 3000, reportCsvMs: 500, apiP99Ms: 100,
};

const withOverhead = (tl, base, unit) => `${format.ratio(tl / base)} (${tl >= base ? '+' : ''}${unit(tl - base)})`;

/** The rows of `build(result)`, or one FAILED row when the benchmark threw. */
function rowsOf(result, failures, name, label, build) {
  if (result) return build(result);
  return [failedRow(label, failures[name] ?? new Error('not run'))];
}

export function kernelSection({ settings, treeLabel, backup, snapshots, cli, kernel, rpc }, failures) {
  const backupRows = rowsOf(backup, failures, 'backup', `Local backup, ${treeLabel}`, (b) => [
    goalRow(`First backup, ${treeLabel} (median of ${settings.firstBackupRounds} fresh repos)`,
      format.s(b.first.tl), `${format.s(b.first.raw)} (restic backup)`, withOverhead(b.first.tl, b.first.raw, format.ms),
      `≤ ${goals.firstRatio}×`, b.first.tl / b.first.raw <= goals.firstRatio),
    goalRow(`Unchanged re-run backup (median of ${settings.reruns})`,
      format.s(b.rerun.tl), `${format.s(b.rerun.raw)} (restic backup)`, withOverhead(b.rerun.tl, b.rerun.raw, format.ms),
      `≤ ${goals.rerunRatio}×`, b.rerun.tl / b.rerun.raw <= goals.rerunRatio),
    infoRow('↳ restic processes per `timelocker backup` (from the kernel log)', b.resticCommandsPerBackup, 'backup ×1', '—'),
    ...(/snapshots/.test(b.resticCommandsPerBackup) && cli && kernel && snapshots ? [infoRow(
      '↳ estimate of fixed costs: CLI load + cold start + one `restic snapshots`',
      format.ms(cli.tl - cli.node + kernel.coldStartMs + snapshots.raw), '—',
      `vs re-run overhead +${format.ms(b.rerun.tl - b.rerun.raw)}`)] : []),
  ]);
  const snapshotRows = rowsOf(snapshots, failures, 'snapshots', '`snapshots --repo` on the same repo', (s) => [
    goalRow(`\`snapshots --repo\` on the same repo (median of ${settings.snapshotRuns})`,
      format.ms(s.tl), `${format.ms(s.raw)} (restic snapshots)`, withOverhead(s.tl, s.raw, format.ms),
      `≤ +${goals.snapshotsOverheadMs} ms`, s.tl - s.raw <= goals.snapshotsOverheadMs),
  ]);
  const cliRows = rowsOf(cli, failures, 'cli', 'CLI load only', (c) => [
    infoRow(`↳ CLI load only: \`timelocker --version\` (median of ${settings.cliStartRuns})`, format.ms(c.tl), `${format.ms(c.node)} (node -e 0)`, withOverhead(c.tl, c.node, format.ms)),
  ]);
  const kernelRows = rowsOf(kernel, failures, 'kernel', 'Kernel cold start and idle RSS', (k) => [
    goalRow(`Kernel cold start: startKernel → plugin host ready (median of ${k.runs} processes)`,
      format.ms(k.coldStartMs), `${format.ms(k.nodeStartMs)} (node process start, reference)`, '—',
      `≤ ${goals.coldStartMs} ms`, k.coldStartMs <= goals.coldStartMs),
    infoRow('↳ split: startKernel / PluginService.start()', `${format.ms(k.startKernelMs)} / ${format.ms(k.pluginHostMs)}`, '—', '—'),
    infoRow('↳ before it: importing the kernel modules', format.ms(k.importMs), '—', '—'),
    infoRow('↳ process start → host ready (node boot + imports + start)', format.ms(k.sinceProcessStartMs), `${format.ms(k.nodeStartMs)} (node -e 0)`, '—'),
  ]);
  const rpcRows = rowsOf(rpc, failures, 'rpc', 'Plugin RPC round trip', (r) => [
    goalRow(`Plugin RPC round trip: BackendRegistry.validate('local') (median of ${r.kernel.calls})`,
      format.us(r.kernel.medianUs), `${format.us(r.echo.medianUs)} (bare vscode-jsonrpc echo, fork IPC)`,
      withOverhead(r.kernel.medianUs, r.echo.medianUs, format.us), `≤ ${goals.rpcUs} µs`, r.kernel.medianUs <= goals.rpcUs),
    infoRow('↳ split: activateByEvent request / provider request alone',
      `${format.us(r.activateOnly.medianUs)} / ${format.us(r.providerOnly.medianUs)}`, format.us(r.echo.medianUs), '—'),
  ]);
  const rssRows = kernel ? [
    goalRow(`Kernel idle RSS, host started (median of ${kernel.runs}, after ${IDLE_MS / 1000} s idle)`,
      format.mb(kernel.kernelRssBytes), `${format.mb(kernel.nodeRssBytes)} (idle node -e)`,
      withOverhead(kernel.kernelRssBytes, kernel.nodeRssBytes, format.mb), `≤ ${format.mb(goals.idleRssBytes)}`, kernel.kernelRssBytes <= goals.idleRssBytes),
    infoRow('↳ plugin host process RSS (separate process)',
      kernel.hostRssBytes === undefined ? 'host pid not found' : format.mb(kernel.hostRssBytes), `${format.mb(kernel.nodeRssBytes)} (idle node -e)`,
      kernel.hostRssBytes === undefined ? '—' : withOverhead(kernel.hostRssBytes, kernel.nodeRssBytes, format.mb)),
  ] : [];
  return {
    title: 'Issue 2 — kernel, plugin host, local backend, CLI',
    rows: [...backupRows, ...snapshotRows, ...cliRows, ...kernelRows, ...rpcRows, ...rssRows],
  };
}

function remoteBackupRows(result, failures, name, label) {
  return rowsOf(result, failures, name, label, (r) => [
    goalRow(`${label} (median of ${r.samples.tl.length} fresh repos)`, format.s(r.tl), `${format.s(r.raw)} (restic backup, same settings)`,
      withOverhead(r.tl, r.raw, format.ms), `≤ ${goals.remoteRatio}×`, r.tl / r.raw <= goals.remoteRatio),
  ]);
}

export function backendsSection({ remoteLabel, s3, sftp, policy }, failures) {
  return {
    title: 'Issue 3 — S3 and SFTP backends, region rules',
    rows: [
      ...remoteBackupRows(s3, failures, 's3', `First backup to s3rver over HTTPS, ${remoteLabel}`),
      ...remoteBackupRows(sftp, failures, 'sftp', `First backup over SFTP to a private sshd, ${remoteLabel}`),
      ...rowsOf(policy, failures, 'policy', 'Region allow-list check', (p) => [
        goalRow(`Region allow-list check: PolicyService.evaluate, s3 repo, kernel + plugin host (median of ${p.checks} after warm-up)`,
          format.msFine(p.tlMs), `${format.us(p.rawMs * 1000)} (rule's evaluate() in-process)`, `+${format.msFine(p.tlMs - p.rawMs)}`,
          `≤ ${POLICY_GOAL_MS} ms`, p.tlMs <= POLICY_GOAL_MS),
        infoRow('↳ first check after start (activates the policies plugin) / p95 after warm-up',
          `${format.msFine(p.firstMs)} / ${format.msFine(p.tlP95Ms)}`, `p95 ${format.us(p.rawP95Ms * 1000)}`, '—'),
        ...(p.all ? [infoRow(`↳ all five builtin rules for one backup: ${p.all.requests} request(s) to the host per check (median of ${p.checks})`,
          format.msFine(p.all.tlMs), `${format.us(p.all.rawMs * 1000)} (the five evaluate() in-process)`, `+${format.msFine(p.all.tlMs - p.all.rawMs)}`)] : []),
      ]),
    ],
  };
}

export function operationsSection({ forget, scheduler }, failures) {
  return {
    title: 'Issue 4 — operations: retention, scheduling',
    rows: [
      ...rowsOf(forget, failures, 'forget', '`forget --dry-run`', (f) => [
        goalRow(`\`timelocker forget PLAN --dry-run --json\`, ${f.snapshots} snapshots (median of ${f.samples.tl.length})`,
          format.ms(f.tl), `${format.ms(f.raw)} (restic forget --dry-run --json)`, withOverhead(f.tl, f.raw, format.ms),
          `≤ ${goals.forgetRatio}×`, f.ratio <= goals.forgetRatio),
      ]),
      ...rowsOf(scheduler, failures, 'scheduler', 'Scheduler with 1,000 plans', (s) => [
        goalRow(`Scheduler idle CPU, \`scheduler run\` with ${s.plans.toLocaleString('en')} plans (${IDLE_SAMPLE_MS / 1000} s window)`,
          format.pct(s.idleCpuPercent), `${format.pct(s.nodeCpuPercent)} (idle node, same window)`,
          `+${(s.idleCpuPercent - s.nodeCpuPercent).toFixed(2)} points`, `≤ ${goals.schedulerCpuPercent} %`, s.idleCpuPercent <= goals.schedulerCpuPercent),
        goalRow(`Next run of all ${s.plans.toLocaleString('en')} plans (PlanSchedule, median of 7)`,
          format.msFine(s.nextRunMs), `${format.msFine(s.cronNextRunMs)} (croner alone)`, withOverhead(s.nextRunMs, s.cronNextRunMs, format.msFine),
          `≤ ${goals.nextRunMs} ms`, s.nextRunMs <= goals.nextRunMs),
      ]),
    ],
  };
}

export function auditReportsSection({ audit, reports }, failures) {
  const reportRow = (r, kind, goalMs) => goalRow(`${kind.toUpperCase()} report, ${r.rows.toLocaleString('en')} jobs: ReportService.render (median of ${r[kind].samples.tl.length})`,
    format.ms(r[kind].tl), `${format.ms(r[kind].raw)} (format library alone, same data)`, withOverhead(r[kind].tl, r[kind].raw, format.ms),
    `≤ ${format.s(goalMs)}`, r[kind].tl <= goalMs);
  return {
    title: 'Issue 5 — audit log, reports',
    rows: [
      ...rowsOf(audit, failures, 'audit', 'Audit log', (a) => [
        goalRow(`Audit append incl. persistence, batched (${a.batchSize} concurrent record() calls per batch)`,
          `${format.msFine(a.appendPerEntryMs)} / entry`, '—', `one call waits ${format.msFine(a.appendCallMs)} for its batch`,
          `≤ ${AUDIT_GOALS.appendMs} ms`, a.appendPerEntryMs <= AUDIT_GOALS.appendMs),
        infoRow('↳ one record() alone (not batched, incl. persistence)', format.msFine(a.appendSingleMs), '—', '—'),
        goalRow(`\`audit verify\` of a ${format.mb(a.bytes)} log (${a.entries.toLocaleString('en')} keyed entries in segment files, fresh open, median of 3)`,
          format.ms(a.verifyMs), '—', '—', `≤ ${format.s(AUDIT_GOALS.verifyMs)}`, a.verifyMs <= AUDIT_GOALS.verifyMs),
      ]),
      ...rowsOf(reports, failures, 'reports', 'Reports for 10,000 jobs', (r) => [
        reportRow(r, 'pdf', goals.reportPdfMs),
        reportRow(r, 'csv', goals.reportCsvMs),
        infoRow('↳ whole `timelocker report backup-jobs` command, PDF / CSV (one run each)', `${format.ms(r.pdf.cliMs)} / ${format.ms(r.csv.cliMs)}`, '—', '—'),
      ]),
    ],
  };
}

export function historySection({ history }, failures) {
  const label = `${HISTORY_GOALS.auditEntries.toLocaleString('en')} audit entries + ${HISTORY_GOALS.jobs.toLocaleString('en')} jobs`;
  const rows = (name, c, extra) => [
    goalRow(`${name}, with ${label} (median of ${history.runs})`, format.ms(c.fullMs), `${format.ms(c.emptyMs)} (empty history, same run)`,
      withOverhead(c.fullMs, c.emptyMs, format.ms), `≤ +${HISTORY_GOALS.extraMs} ms`, c.fullMs - c.emptyMs <= HISTORY_GOALS.extraMs),
    ...(c.fullCpuMs !== undefined ? [infoRow('↳ CPU time (user + system) of the process, less swayed by other load than wall time', format.ms(c.fullCpuMs),
      `${format.ms(c.emptyCpuMs)} (empty history)`, withOverhead(c.fullCpuMs, c.emptyCpuMs, format.ms))] : []),
    goalRow(`↳ peak RSS${extra}`, format.mb(c.fullRss), `${format.mb(c.emptyRss)} (empty history)`,
      withOverhead(c.fullRss, c.emptyRss, format.mb), `≤ +${format.mb(HISTORY_GOALS.extraRssBytes)}`, c.fullRss - c.emptyRss <= HISTORY_GOALS.extraRssBytes),
  ];
  return {
    title: 'Issue 11 — history (audit log, jobs) in segment files',
    rows: rowsOf(history, failures, 'history', `History of ${label}`, (h) => [
      ...Object.entries(h.commands).flatMap(([args, c]) => rows(`\`timelocker ${args}\` (whole process)`, c, '')),
      ...rows('Catalog write: one job recorded, running, its output, ended into the history (+ its audit entry), fresh process', h.write, ' of that process'),
    ]),
  };
}

export function uiApiSection({ ui, api }, failures) {
  return {
    title: 'Issue 6 — workbench UI, REST API',
    rows: [
      ...rowsOf(ui, failures, 'ui', 'Workbench UI in headless Chromium', (u) => [
        goalRow(`UI first render: navigation → shell interactive, headless Chromium (median of ${u.runs})`,
          format.ms(u.firstRenderMs), '—', '—', `≤ ${format.ms(uiGoals.firstRenderMs)}`, u.firstRenderMs <= uiGoals.firstRenderMs),
        goalRow(`Switch to the Jobs view with ${u.jobCount.toLocaleString('en')} jobs: click → rows painted (median of ${u.runs})`,
          format.ms(u.jobsSwitchMs), '—', '—', `≤ ${format.ms(uiGoals.jobsSwitchMs)}`, u.jobsSwitchMs <= uiGoals.jobsSwitchMs),
      ]),
      ...rowsOf(api, failures, 'api', 'REST API under load', (a) => [
        goalRow(`REST API: ${a.clients} clients reading /api/v1/status + ${a.clients} SSE streams during a backup (autocannon)`,
          `p99 ${a.p99Ms} ms, ${a.errors} errors`, '—', `p50 ${a.p50Ms} ms; ${a.requests.toLocaleString('en')} requests; ${a.progressEvents} progress events; backup ${a.backupStatus}`,
          `p99 ≤ ${goals.apiP99Ms} ms, 0 errors`, a.p99Ms <= goals.apiP99Ms && a.errors === 0),
      ]),
    ],
  };
}

export function authoringSection({ authoring }, failures) {
  return {
    title: 'Issue 7 — plugin authoring',
    rows: rowsOf(authoring, failures, 'authoring', 'Plugin author loop', authoringRows),
  };
}

const fileIndexGoals = { searchP95Ms: 100, indexRatio: 1.2, bytesPerEntry: 60, rssDeltaBytes: 100 * 1024 * 1024 };

export function fileIndexSection({ fileIndex }, failures) {
  return {
    title: 'Issue 17 — file index (find, versions)',
    rows: rowsOf(fileIndex, failures, 'fileIndex', 'File index', (f) => {
      const label = `${f.entries.toLocaleString('en')} indexed entries (${f.snapshots} snapshots; ${f.distinctPaths.toLocaleString('en')} paths, ${f.distinctVersions.toLocaleString('en')} versions)`;
      return [
        goalRow(`Search over ${label}: FileIndexService.search, ${f.queries} queries of 12 kinds, p95`, format.msFine(f.searchP95),
          `${format.ms(f.findMs)} (restic find of one name)`, `median ${format.msFine(f.searchMedian)}`, `≤ ${fileIndexGoals.searchP95Ms} ms`, f.searchP95 <= fileIndexGoals.searchP95Ms),
        goalRow(`Indexing one snapshot of ~${Math.round(f.entries / f.snapshots).toLocaleString('en')} entries in the workbench (median ratio of ${f.snapshots} back-to-back pairs)`, format.s(f.indexMs),
          `${format.s(f.lsMs)} (restic snapshots + restic ls --json, same snapshot)`, `${format.ratio(f.indexRatio)} (median of pair ratios)`, `≤ ${fileIndexGoals.indexRatio}×`, f.indexRatio <= fileIndexGoals.indexRatio),
        infoRow(`↳ whole \`timelocker index\` of all ${f.snapshots} snapshots from scratch (CLI, one run)`, format.s(f.wholeMs),
          `${format.s(f.wholeRawMs)} (restic snapshots + restic ls --json of each)`, withOverhead(f.wholeMs, f.wholeRawMs, format.ms)),
        goalRow('Index size on disk per indexed entry', `${f.bytesPerEntry.toFixed(2)} B`, '—', '—', `≤ ${fileIndexGoals.bytesPerEntry} B`, f.bytesPerEntry <= fileIndexGoals.bytesPerEntry),
        goalRow(`Workbench RSS growth with the index loaded (${format.ms(f.loadMs)} to load)`, `+${format.mb(f.rssDelta)}`, '—', '—', `≤ +${format.mb(fileIndexGoals.rssDeltaBytes)}`, f.rssDelta <= fileIndexGoals.rssDeltaBytes),
        infoRow(`↳ worst case: one snapshot of ${f.worst.entries.toLocaleString('en')} distinct paths in memory: search p95 / RSS growth / bytes per entry`,
          `${format.msFine(f.worst.p95)} / +${format.mb(f.worst.rssDelta)} / ${f.worst.bytesPerEntry.toFixed(2)} B`, '—', '—'),
      ];
    }),
  };
}

const dataPathGoals = { workbenchFirstRatio: 1.03, workbenchRerunRatio: 1.10, cliRerunOverheadMs: 300, cliPeakRssBytes: 100 * 2 ** 20, listRatio: 0.5, apiListMs: 50 };

/** Issue 14: the CLI figures come from the issue 2 backup benchmark of the same run, the rest from benchWorkbench. */
export function dataPathSection({ settings, treeLabel, backup, workbench }, failures) {
  const cliRows = rowsOf(backup, failures, 'backup', 'CLI unchanged re-run', (b) => [
    goalRow(`CLI with no workbench running: unchanged re-run, \`timelocker backup\` (median of ${settings.reruns})`, format.s(b.rerun.tl),
      `${format.s(b.rerun.raw)} (restic backup)`, withOverhead(b.rerun.tl, b.rerun.raw, format.ms),
      `≤ +${dataPathGoals.cliRerunOverheadMs} ms`, b.rerun.tl - b.rerun.raw <= dataPathGoals.cliRerunOverheadMs),
    infoRow(`↳ floor: the same restic backup wrapped by a bare Node script that opens a sql.js catalog and records the job before and after, nothing else (bench/cli-floor.cjs; median of ${settings.reruns}, in the raw side's repository)`,
      format.s(b.rerun.floor), `${format.s(b.rerun.raw)} (restic backup)`, withOverhead(b.rerun.floor, b.rerun.raw, format.ms)),
    infoRow('↳ `timelocker backup` over that floor', withOverhead(b.rerun.tl, b.rerun.floor, format.ms), format.s(b.rerun.floor), '—'),
    infoRow('↳ restic processes per `timelocker backup` (from the kernel log)', b.resticCommandsPerBackup, 'backup ×1', '—'),
    goalRow(`Peak memory of a CLI backup (unchanged re-run, no workbench): the \`timelocker\` process's peak RSS (median of ${b.memory.runs})`, format.mb(b.memory.tl),
      `${format.mb(b.memory.raw)} (restic backup, peak RSS)`, withOverhead(b.memory.tl, b.memory.raw, format.mb),
      `≤ ${format.mb(dataPathGoals.cliPeakRssBytes)}`, b.memory.tl <= dataPathGoals.cliPeakRssBytes),
    infoRow('↳ beside it, its own children: the plugin host process / restic', `${b.memory.host === undefined ? '—' : format.mb(b.memory.host)} / ${b.memory.restic === undefined ? '—' : format.mb(b.memory.restic)}`,
      `${format.mb(b.memory.raw)} (restic backup)`, '—'),
  ]);
  const workbenchRows = rowsOf(workbench, failures, 'workbench', 'Backups and listings through the running workbench', (w) => {
    const l = w.listings;
    return [
      goalRow(`Running workbench (POST /jobs, its end followed on the event stream as the UI does): first backup, ${treeLabel} (median of ${settings.workbenchRounds} fresh repos)`, format.s(w.first.tl),
        `${format.s(w.first.raw)} (restic backup)`, withOverhead(w.first.tl, w.first.raw, format.ms),
        `≤ ${dataPathGoals.workbenchFirstRatio}×`, w.first.tl / w.first.raw <= dataPathGoals.workbenchFirstRatio),
      goalRow(`Running workbench: unchanged re-run (median of ${settings.workbenchReruns})`, format.s(w.rerun.tl),
        `${format.s(w.rerun.raw)} (restic backup)`, withOverhead(w.rerun.tl, w.rerun.raw, format.ms),
        `≤ ${dataPathGoals.workbenchRerunRatio}×`, w.rerun.tl / w.rerun.raw <= dataPathGoals.workbenchRerunRatio),
      infoRow(`↳ the same, a client polling GET /api/v1/jobs/ID every 20 ms instead of the event stream (median of ${settings.workbenchReruns})`, format.s(w.rerun.polled),
        `${format.s(w.rerun.raw)} (restic backup)`, withOverhead(w.rerun.polled, w.rerun.raw, format.ms)),
      infoRow(`CLI with a running workbench: unchanged re-run, \`timelocker backup\` (the job handed over the workbench socket; median of ${settings.workbenchReruns})`, format.s(w.rerun.cli),
        `${format.s(w.rerun.raw)} (restic backup)`, withOverhead(w.rerun.cli, w.rerun.raw, format.ms)),
      goalRow(`\`timelocker snapshots --repo\`, nothing new in the repository (median of ${settings.listRuns})`, format.ms(l.cliSnapshots),
        `${format.ms(l.rawSnapshots)} (restic snapshots)`, format.ratio(l.cliSnapshots / l.rawSnapshots),
        `≤ ${dataPathGoals.listRatio}×`, l.cliSnapshots / l.rawSnapshots <= dataPathGoals.listRatio),
      goalRow(`GET /api/v1/snapshots?repository=… on a warm server (median of ${settings.listRuns})`, format.msFine(l.apiSnapshots),
        `${format.ms(l.rawSnapshots)} (restic snapshots)`, format.ratio(l.apiSnapshots / l.rawSnapshots),
        `≤ ${dataPathGoals.apiListMs} ms`, l.apiSnapshots <= dataPathGoals.apiListMs),
      goalRow(`\`timelocker ls\` of a folder listed once (median of ${settings.listRuns})`, format.ms(l.cliLs),
        `${format.ms(l.rawLs)} (restic ls --json, same folder)`, format.ratio(l.cliLs / l.rawLs),
        `≤ ${dataPathGoals.listRatio}×`, l.cliLs / l.rawLs <= dataPathGoals.listRatio),
      goalRow(`GET …/snapshots/ID/ls?dir=… of a folder listed once, warm server (median of ${settings.listRuns})`, format.msFine(l.apiLs),
        `${format.ms(l.rawLs)} (restic ls --json, same folder)`, format.ratio(l.apiLs / l.rawLs),
        `≤ ${dataPathGoals.apiListMs} ms`, l.apiLs <= dataPathGoals.apiListMs),
    ];
  });
  return { title: 'Issue 14 — data path: backups at restic\'s speed, listings from the caches', rows: [...cliRows, ...workbenchRows] };
}

const idleWorkbenchGoalBytes = 120 * 1024 * 1024;

/** Issue 14 item 6: the RSS of a real idle `timelocker serve` (host started) beside an idle bare node process. */
export function idleWorkbenchSection({ serveMemory }, failures) {
  return {
    title: 'Issue 14 — idle workbench memory',
    rows: rowsOf(serveMemory, failures, 'serveMemory', 'Idle `timelocker serve` RSS', (m) => [
      goalRow(`Idle \`timelocker serve\` RSS: one local repo and a plan, after /readyz (plugin host up) and ${m.idleMs / 1000} s idle (median of ${m.runs} processes)`,
        format.mb(m.serveRssBytes), `${format.mb(m.nodeRssBytes)} (idle node -e)`, withOverhead(m.serveRssBytes, m.nodeRssBytes, format.mb),
        `≤ ${format.mb(idleWorkbenchGoalBytes)}`, m.serveRssBytes <= idleWorkbenchGoalBytes),
      infoRow('↳ its plugin host process RSS (separate process)', format.mb(m.hostRssBytes), `${format.mb(m.nodeRssBytes)} (idle node -e)`,
        withOverhead(m.hostRssBytes, m.nodeRssBytes, format.mb)),
    ]),
  };
}
