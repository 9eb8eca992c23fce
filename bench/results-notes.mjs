// "How each figure is taken" in bench/RESULTS.md; samples are printed where a reader may want to judge the spread.
import { IDLE_MS } from './kernel-bench.mjs';
import { IDLE_SAMPLE_MS } from './scheduler-bench.mjs';

const list = (values) => values.map((v) => v.toFixed(0)).join(', ');

export function methodNotes({ treeLabel, remoteLabel, remoteIsSubset, backup, rpc, s3, sftp, forget, policy, settings }) {
  const backupSamples = backup ? ` Samples (ms): first TimeLocker ${list(backup.first.samples.tl)};
  first restic ${list(backup.first.samples.raw)}; re-run TimeLocker ${list(backup.rerun.samples.tl)};
  re-run restic ${list(backup.rerun.samples.raw)}.` : '';
  const remoteSamples = (name, r) => (r ? ` ${name} samples (ms): TimeLocker ${list(r.samples.tl)}; restic ${list(r.samples.raw)}.` : '');
  return `## How each figure is taken

### Issue 2
- **Backups**: a deterministic tree (${treeLabel}, AES-CTR keystream content, so incompressible) under
  bench/work/tree, read once before timing so both sides see a warm page cache. TimeLocker runs
  \`timelocker backup bench\` (a child process: CLI + kernel + plugin host + restic); the baseline runs
  \`restic backup --json --tag plan:bench -- TREE\` with the env TimeLocker gives restic (\`RESTIC_PROGRESS_FPS=2\`,
  own cache dir). Each side writes to its own fresh local repository; wall time from spawn to exit. The order
  alternates between rounds.${backupSamples}
- **Snapshots**: \`timelocker snapshots --repo bench\` vs \`restic snapshots\` on the TimeLocker repository (one
  unmeasured call each first, so both restic caches are filled), alternating.
- **Cold start**: each run is a fresh \`node bench/cold-start-probe.mjs\`; timed from just before \`startKernel()\`
  to \`PluginService.start()\` resolving (host spawned and initialized with the scanned plugins). One unmeasured run
  first creates the catalog. Baseline: wall time of \`node -e 0\`.
- **RPC**: in one probe process, after ${rpc?.warmup ?? '?'} warm-up calls each, ${settings.rpcCalls} sequential calls of each variant
  in ${rpc?.blocks ?? '?'} interleaved blocks, one hrtime sample per call.${rpc ? ` p95: validate ${rpc.kernel.p95Us.toFixed(1)} µs, echo ${rpc.echo.p95Us.toFixed(1)} µs.` : ''}
  The split times the activation step alone (\`$activateByEvent\`: a round trip unless the kernel already knows the
  plugin is active) and the provider request alone.
- **RSS**: VmRSS from /proc/<pid>/status after ${IDLE_MS / 1000} s idle, for the kernel probe, the plugin host child it spawned,
  and a bare \`node -e\` that idles the same time.

### Issue 3
- **S3 / SFTP backups**: ${remoteLabel}${remoteIsSubset ? ' — a subset of the tree above, to keep the whole run near 15 minutes on this machine' : ' — the tree above'}. S3: s3rver over HTTPS (test/dist/support/s3-server.js), path-style, own CA file; each round a fresh
  bucket per side. SFTP: a private sshd on 127.0.0.1 (test/dist/support/ssh-server.js); the baseline runs restic with
  the very \`sftp.command\` the sftp plugin builds (same key, TimeLocker's known_hosts, StrictHostKeyChecking=yes).
  Both sides: \`backup --json --tag plan:bench\`, \`RESTIC_PROGRESS_FPS=2\`, own cache dir, fresh repository per round,
  order alternating.${remoteSamples('S3', s3)}${remoteSamples('SFTP', sftp)}
- **Region check**: one in-process kernel (\`startKernel\` + \`PluginService.start()\`) with an s3 repository in
  eu-central-1, a plan on it and a blocking \`region-allowlist\` policy (\`@eea-uk\`); \`PolicyService.evaluate\`
  for a backup of that plan (config read, context with the job-history facts, one batch request to the policies plugin
  in the host). After ${policy ? 50 : '?'} warm-up calls per side, ${policy?.checks ?? '?'} sequential checks per side in
  interleaved blocks. Baseline: the rule's \`evaluate()\` (builtin-plugins/policies/dist/region-allowlist.js) called
  in-process on the same context. The five-rule row: the same with all builtin rules (region-allowlist, min-retention,
  max-snapshot-age, require-check, backup-window) after a successful backup and check were recorded, so each passes;
  its request count is read off a trace of the kernel's connection to the host.

### Issue 4
- **Forget**: ${forget?.snapshots ?? 500} snapshots of a one-file source (one every 6 hours, made by restic with \`--time\`;
  kept under bench/work/forget and reused by later runs). \`timelocker forget bench --dry-run --json\` (keep-last 10,
  daily 14, weekly 8, monthly 12) vs \`restic forget --dry-run --json\` with the same rules on the same repository,
  one unmeasured call each first, alternating.
- **Scheduler**: a config with 1,000 plans on cron/@weekly/@monthly schedules, none due during the sample.
  \`timelocker scheduler run\` is started, left 2 s to settle, then its utime+stime (/proc/<pid>/stat) is read over
  ${IDLE_SAMPLE_MS / 1000} s, beside a bare idle node process over the same window. Next-run figure: in-process, the next slot of
  all 1,000 plans through PlanSchedule vs croner alone with the same options, after one warm-up pass.

### Issue 5
- **Audit append**: AuditServiceImpl on a fresh data dir; batches of 100 concurrent \`record()\` calls (each batch
  appended to the segment file, fsynced, keyed with HMAC); figure = batch wall time / batch size. **Verify**: the
  log grown to ≥ 10 MB of segment files, then \`verify()\` from a freshly opened service (open not timed).
- **Reports**: 10,000 synthetic jobs in the job history of an in-process kernel; \`ReportService.render\` (catalog read,
  digest, audit check, plugin-host RPC, rendering) beside the reports plugin's format function alone on the same
  data; one unmeasured run each first.

### Issue 11
- **History**: two installations with the same config (2 repositories, 4 plans, each copied to the other repository,
  so \`status\` also tells where the latest snapshots went) and a catalog each; one also holds
  200,000 audit entries (spread over two years, so in monthly segments) and 50,000 finished jobs with their output
  (one an hour), written through the real stores in batches. Each command runs as a whole process
  (bench/cli-probe.mjs: the CLI's entry as bin/timelocker.js runs it, then \`process.resourceUsage()\`: peak RSS, user + system CPU time), one unmeasured run per side,
  then ${settings.historyRuns} runs per side, alternating. **Catalog write**: bench/history-write-probe.mjs in a fresh
  process per side (3 times): 3 unmeasured, then 10 timed job lifecycles (created, running, 3 output lines, an audit
  entry, ended into the history with its plan's totals); median, and the process's peak RSS.

### Issue 6
- **UI**: \`timelocker serve\` + Debian Chromium (playwright-core), a viewer token, one unmeasured load, then fresh pages;
  first render = the page's own \`timelocker-ready\` mark; the job list is answered in the browser with 10,000
  synthetic jobs, timed from the click to the frame where the virtual list shows rows.
- **API**: \`timelocker serve\`, a throttled backup running (2 MiB/s upload limit), 50 SSE streams open, autocannon
  with 50 connections on /api/v1/status for 8 s.

### Issue 7
- **Author loop**: \`timelocker plugin new\` (command kind) → \`npm install --offline\` against the packed API →
  \`npm run build\` → \`npm test\` in a real plugin host, from nothing, per run. Activation: the kernel's own figure from
  \`plugins list --activate --json\` for the installed plugin.

### Issue 17
- **File index**: a tree of 50 folders × 2,000 small files; 10 snapshots made by plain restic, each after rewriting
  1,000 of the files (kept under bench/work/file-index and reused), ≈ 1 M indexed entries. Search: a fresh
  process starts the kernel, loads the index (timed, RSS before/after with GC), then 5 rounds of 12 patterns (names,
  name parts, folders, globs, a path across folders, one that matches nothing) through FileIndexService.search
  (limit 50), p95; beside \`restic find\` of one name on the same repository. Indexing: per snapshot, its index file is
  deleted and the workbench indexes it again (\`restic snapshots\` + streamed \`restic ls --json\`, encoding, writing),
  back to back with plain \`restic snapshots\` + \`restic ls --json\` of the same snapshot (output to /dev/null); the
  figure is the median of the 10 pair ratios, so that load swings on a shared machine hit both sides alike. Worst
  case: one in-memory index of a single snapshot of 1 M distinct paths (nothing shared between snapshots).
`;
}
