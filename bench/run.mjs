// `npm run bench`: every TimeLocker figure beside its baseline measured in the same run; writes bench/RESULTS.md.
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { benchBackup } from './backup-bench.mjs';
import { benchKernelStart, benchRpc, IDLE_MS } from './kernel-bench.mjs';
import { timeCommand } from './processes.mjs';
import { format, goalRow, infoRow, machineDescription, renderTable } from './results-table.mjs';
import { cliEntry } from './sides.mjs';
import { benchSnapshots } from './snapshots-bench.mjs';
import { median } from './stats.mjs';
import { ensureTestTree, warmPageCache } from './test-tree.mjs';

const settings = { firstBackupRounds: 4, reruns: 7, snapshotRuns: 7, coldStartRuns: 7, cliStartRuns: 7, rpcCalls: 2000 };
const goals = { firstRatio: 1.05, rerunRatio: 1.10, snapshotsOverheadMs: 250, coldStartMs: 300, rpcUs: 100, idleRssBytes: 120 * 1024 * 1024 };

const benchDir = fileURLToPath(new URL('.', import.meta.url));
const workDir = join(benchDir, 'work');
const started = Date.now();
const log = (message) => console.log(`[bench ${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${message}`);
const withOverhead = (tl, base, unit) => `${format.ratio(tl / base)} (${tl >= base ? '+' : ''}${unit(tl - base)})`;

mkdirSync(workDir, { recursive: true });
const tree = ensureTestTree(join(workDir, 'tree'));
log(`tree: ${tree.files} files, ${format.mb(tree.bytes)}${tree.generatedMs ? ` (generated in ${format.ms(tree.generatedMs)})` : ' (reused)'}`);
const warm = warmPageCache(tree.root);
log(`warm-up read of ${format.mb(warm.bytes)} in ${format.ms(warm.ms)}`);

const backup = await benchBackup({ workDir, treeRoot: tree.root, rounds: settings.firstBackupRounds, reruns: settings.reruns, log });
const snapshots = await benchSnapshots({ workDir, timelockerSide: backup.timelockerSide, runs: settings.snapshotRuns, log });

// Where CLI overhead comes from: a command that does nothing but load the CLI, beside a bare node start.
const cliStart = [];
const nodeStart = [];
for (let i = 0; i < settings.cliStartRuns; i++) {
  cliStart.push((await timeCommand(process.execPath, [cliEntry, '--version'])).ms);
  nodeStart.push((await timeCommand(process.execPath, ['-e', '0'])).ms);
}
const cli = { tl: median(cliStart), node: median(nodeStart) };
log(`cli --version ${format.ms(cli.tl)}, node -e 0 ${format.ms(cli.node)}`);

const kernel = await benchKernelStart({ workDir, runs: settings.coldStartRuns, log });
const rpc = await benchRpc({ workDir, calls: settings.rpcCalls, log });

const firstRatio = backup.first.tl / backup.first.raw;
const rerunRatio = backup.rerun.tl / backup.rerun.raw;
const snapshotsOverhead = snapshots.tl - snapshots.raw;
const treeLabel = `${tree.files.toLocaleString('en')} files, ${format.mb(tree.bytes)}`;
const rows = [
  goalRow(`First backup, ${treeLabel} (median of ${settings.firstBackupRounds} fresh repos)`,
    format.s(backup.first.tl), `${format.s(backup.first.raw)} (restic backup)`, withOverhead(backup.first.tl, backup.first.raw, format.ms),
    `≤ ${goals.firstRatio}×`, firstRatio <= goals.firstRatio),
  goalRow(`Unchanged re-run backup (median of ${settings.reruns})`,
    format.s(backup.rerun.tl), `${format.s(backup.rerun.raw)} (restic backup)`, withOverhead(backup.rerun.tl, backup.rerun.raw, format.ms),
    `≤ ${goals.rerunRatio}×`, rerunRatio <= goals.rerunRatio),
  infoRow('↳ restic processes per `timelocker backup` (from the kernel log)', backup.resticCommandsPerBackup, 'backup ×1', '—'),
  ...(/snapshots/.test(backup.resticCommandsPerBackup) ? [infoRow(
    '↳ estimate of fixed costs: CLI load + cold start + one `restic snapshots`',
    format.ms(cli.tl - cli.node + kernel.coldStartMs + snapshots.raw), '—',
    `vs re-run overhead +${format.ms(backup.rerun.tl - backup.rerun.raw)}`)] : []),
  goalRow(`\`snapshots --repo\` on the same repo (median of ${settings.snapshotRuns})`,
    format.ms(snapshots.tl), `${format.ms(snapshots.raw)} (restic snapshots)`, `+${format.ms(snapshotsOverhead)}`,
    `≤ +${goals.snapshotsOverheadMs} ms`, snapshotsOverhead <= goals.snapshotsOverheadMs),
  infoRow(`↳ CLI load only: \`timelocker --version\` (median of ${settings.cliStartRuns})`,
    format.ms(cli.tl), `${format.ms(cli.node)} (node -e 0)`, `+${format.ms(cli.tl - cli.node)}`),
  goalRow(`Kernel cold start: startKernel → plugin host ready (median of ${kernel.runs} processes)`,
    format.ms(kernel.coldStartMs), `${format.ms(kernel.nodeStartMs)} (node process start, reference)`, '—',
    `≤ ${goals.coldStartMs} ms`, kernel.coldStartMs <= goals.coldStartMs),
  infoRow('↳ split: startKernel / PluginService.start()', `${format.ms(kernel.startKernelMs)} / ${format.ms(kernel.pluginHostMs)}`, '—', '—'),
  infoRow('↳ before it: importing the kernel modules', format.ms(kernel.importMs), '—', '—'),
  infoRow('↳ process start → host ready (node boot + imports + start)', format.ms(kernel.sinceProcessStartMs),
    `${format.ms(kernel.nodeStartMs)} (node -e 0)`, '—'),
  goalRow(`Plugin RPC round trip: BackendRegistry.validate('local') (median of ${rpc.kernel.calls})`,
    format.us(rpc.kernel.medianUs), `${format.us(rpc.echo.medianUs)} (bare vscode-jsonrpc echo, fork IPC)`,
    withOverhead(rpc.kernel.medianUs, rpc.echo.medianUs, format.us), `≤ ${goals.rpcUs} µs`, rpc.kernel.medianUs <= goals.rpcUs),
  infoRow('↳ split: activateByEvent request / provider request alone',
    `${format.us(rpc.activateOnly.medianUs)} / ${format.us(rpc.providerOnly.medianUs)}`, format.us(rpc.echo.medianUs), '—'),
  goalRow(`Kernel idle RSS, host started (median of ${kernel.runs}, after ${IDLE_MS / 1000} s idle)`,
    format.mb(kernel.kernelRssBytes), `${format.mb(kernel.nodeRssBytes)} (idle node -e)`,
    withOverhead(kernel.kernelRssBytes, kernel.nodeRssBytes, format.mb), `≤ ${format.mb(goals.idleRssBytes)}`, kernel.kernelRssBytes <= goals.idleRssBytes),
  infoRow('↳ plugin host process RSS (separate process)',
    kernel.hostRssBytes === undefined ? 'host pid not found' : format.mb(kernel.hostRssBytes), `${format.mb(kernel.nodeRssBytes)} (idle node -e)`,
    kernel.hostRssBytes === undefined ? '—' : withOverhead(kernel.hostRssBytes, kernel.nodeRssBytes, format.mb)),
];

const machine = machineDescription();
const table = renderTable(rows);
const missed = rows.filter((r) => r.met !== 'yes' && r.met !== 'info');
const samples = (values, unit) => values.map(unit).join(', ');
const markdown = `# TimeLocker benchmarks

Generated by \`npm run bench\` (bench/run.mjs) on ${new Date().toISOString()}. Every TimeLocker figure sits beside
its baseline measured in the same run on the same machine. Benchmarks are not tests: CI does not fail on them.

Machine: ${machine.nproc} cores (${machine.cpu}), ${machine.restic}, node ${machine.node}. Whole run: ${((Date.now() - started) / 1000).toFixed(0)} s.

${table}

Goals missed: ${missed.length ? missed.map((r) => r.benchmark).join('; ') : 'none'}.

## How each figure is taken

- **Backups**: a deterministic tree (${treeLabel}, AES-CTR keystream content, so incompressible) under
  bench/work/tree, read once before timing so both sides see a warm page cache. TimeLocker runs
  \`timelocker backup bench\` (a child process: CLI + kernel + plugin host + restic); the baseline runs
  \`restic backup --json --tag plan:bench -- TREE\` with the env TimeLocker gives restic (\`RESTIC_PROGRESS_FPS=2\`,
  own cache dir). Each side writes to its own fresh local repository; wall time from spawn to exit. The order
  alternates between rounds. Samples (ms): first TimeLocker ${samples(backup.first.samples.tl, (v) => v.toFixed(0))};
  first restic ${samples(backup.first.samples.raw, (v) => v.toFixed(0))}; re-run TimeLocker ${samples(backup.rerun.samples.tl, (v) => v.toFixed(0))};
  re-run restic ${samples(backup.rerun.samples.raw, (v) => v.toFixed(0))}.
- **Snapshots**: \`timelocker snapshots --repo bench\` vs \`restic snapshots\` on the TimeLocker repository (one
  unmeasured call each first, so both restic caches are filled), alternating.
- **Cold start**: each run is a fresh \`node bench/cold-start-probe.mjs\`; timed from just before \`startKernel()\`
  to \`PluginService.start()\` resolving (host spawned and initialized with the scanned plugins). One unmeasured run
  first creates the catalog. Baseline: wall time of \`node -e 0\`.
- **RPC**: in one probe process, after ${rpc.warmup} warm-up calls each, ${rpc.kernel.calls} sequential calls of each variant
  in ${rpc.blocks} interleaved blocks, one hrtime sample per call. p95: validate ${format.us(rpc.kernel.p95Us)}, echo ${format.us(rpc.echo.p95Us)}.
  A validate call sends an activation request (\`$activateByEvent\`, even when the plugin is already active) and
  then the provider request, i.e. two round trips.
- **RSS**: VmRSS from /proc/<pid>/status after ${IDLE_MS / 1000} s idle, for the kernel probe, the plugin host child it spawned,
  and a bare \`node -e\` that idles the same time.
`;
writeFileSync(join(benchDir, 'RESULTS.md'), markdown);
console.log(`\n${table}\n\nMachine: ${machine.nproc} cores, ${machine.restic}, node ${machine.node}. Written to bench/RESULTS.md`);
