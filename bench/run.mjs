// `npm run bench`: every TimeLocker figure beside its baseline measured in the same run; writes bench/RESULTS.md.
// Sized to finish well within 15 minutes on a 2-core machine (~8 min; the first run also makes the forget repository: +~4 min).
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { benchApi } from './api-bench.mjs';
import { benchAudit } from './audit-bench.mjs';
import { benchAuthoring } from './authoring-bench.mjs';
import { benchBackup } from './backup-bench.mjs';
import { benchFileIndex } from './file-index-bench.mjs';
import { benchForget } from './forget-bench.mjs';
import { benchHistory } from './history-bench.mjs';
import { benchKernelStart, benchRpc } from './kernel-bench.mjs';
import { benchPolicy } from './policy-bench.mjs';
import { timeCommand } from './processes.mjs';
import { benchReports } from './reports-bench.mjs';
import { format, machineDescription, renderSections } from './results-table.mjs';
import { methodNotes } from './results-notes.mjs';
import { benchS3Backup } from './s3-backup.mjs';
import { benchScheduler } from './scheduler-bench.mjs';
import { spliceSections } from './results-splice.mjs';
import { auditReportsSection, authoringSection, backendsSection, dataPathSection, fileIndexSection, historySection, idleWorkbenchSection, kernelSection, operationsSection, uiApiSection } from './sections.mjs';
import { benchSftpBackup } from './sftp-backup.mjs';
import { cliEntry } from './sides.mjs';
import { benchSnapshots } from './snapshots-bench.mjs';
import { median } from './stats.mjs';
import { ensureTestTree, treeSpec, warmPageCache } from './test-tree.mjs';
import { benchUi } from './ui-bench.mjs';
import { benchWorkbench } from './workbench-bench.mjs';
import { benchServeMemory } from './serve-memory-bench.mjs';

const settings = {
  firstBackupRounds: 4, reruns: 7, snapshotRuns: 7, coldStartRuns: 7, cliStartRuns: 7, rpcCalls: 2000,
  remoteDirs: treeSpec.dirs, remoteRounds: 5, forgetRuns: 7, policyChecks: 200, uiRuns: 5, authoringRuns: 3, historyRuns: 5,
  workbenchRounds: 3, workbenchReruns: 15, listRuns: 9, serveMemoryRuns: 5,
};
// `BENCH_ONLY=backup,workbench npm run bench` runs only those benchmarks and splices their sections into RESULTS.md.
const only = process.env.BENCH_ONLY ? new Set(process.env.BENCH_ONLY.split(',')) : undefined;

const benchDir = fileURLToPath(new URL('.', import.meta.url));
const workDir = join(benchDir, 'work');
const started = Date.now();
const log = (message) => console.log(`[bench ${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${message}`);
const failures = {};
// Other work on the machine skews figures: the load average before and after goes into RESULTS.md.
const loadBefore = loadavg()[0];

/** Runs one benchmark; a failure is logged and shown in the table instead of ending the whole run. */
async function attempt(name, run) {
  if (only && !only.has(name)) return undefined;
  const since = Date.now();
  try {
    const result = await run();
    log(`${name} done in ${((Date.now() - since) / 1000).toFixed(0)} s`);
    return result;
  } catch (error) {
    failures[name] = error;
    log(`${name} FAILED: ${error.stack ?? error}`);
    return undefined;
  }
}

mkdirSync(workDir, { recursive: true });
const tree = ensureTestTree(join(workDir, 'tree'));
log(`tree: ${tree.files} files, ${format.mb(tree.bytes)}${tree.generatedMs ? ` (generated in ${format.ms(tree.generatedMs)})` : ' (reused)'}`);
const warm = warmPageCache(tree.root);
log(`warm-up read of ${format.mb(warm.bytes)} in ${format.ms(warm.ms)}`);
const treeLabel = `${tree.files.toLocaleString('en')} files, ${format.mb(tree.bytes)}`;
// S3 and SFTP back up the first `remoteDirs` folders of the same tree (all of them when remoteDirs = treeSpec.dirs).
const remotePaths = readdirSync(tree.root).sort().slice(0, settings.remoteDirs).map((d) => join(tree.root, d));
const remoteIsSubset = remotePaths.length < treeSpec.dirs;
const remoteLabel = remoteIsSubset
  ? `${(remotePaths.length * treeSpec.filesPerDir).toLocaleString('en')} files in ${remotePaths.length} of the tree's ${treeSpec.dirs} folders`
  : treeLabel;

// Issue 2: local backup, snapshots, CLI load, kernel cold start, RPC, RSS.
const backup = await attempt('backup', () => benchBackup({ workDir, treeRoot: tree.root, rounds: settings.firstBackupRounds, reruns: settings.reruns, log }));
const snapshots = backup && await attempt('snapshots', () => benchSnapshots({ workDir, timelockerSide: backup.timelockerSide, runs: settings.snapshotRuns, log }));
// Where CLI overhead comes from: a command that does nothing but load the CLI, beside a bare node start.
const cli = await attempt('cli', async () => {
  const cliStart = [];
  const nodeStart = [];
  for (let i = 0; i < settings.cliStartRuns; i++) {
    cliStart.push((await timeCommand(process.execPath, [cliEntry, '--version'])).ms);
    nodeStart.push((await timeCommand(process.execPath, ['-e', '0'])).ms);
  }
  log(`cli --version ${format.ms(median(cliStart))}, node -e 0 ${format.ms(median(nodeStart))}`);
  return { tl: median(cliStart), node: median(nodeStart) };
});
const kernel = await attempt('kernel', () => benchKernelStart({ workDir, runs: settings.coldStartRuns, log }));
const rpc = await attempt('rpc', () => benchRpc({ workDir, calls: settings.rpcCalls, log }));

// Issue 3: remote backends and the region rule.
const s3 = await attempt('s3', () => benchS3Backup({ workDir, paths: remotePaths, rounds: settings.remoteRounds, log }));
const sftp = await attempt('sftp', () => benchSftpBackup({ workDir, paths: remotePaths, rounds: settings.remoteRounds, log }));
const policy = await attempt('policy', () => benchPolicy({ workDir, checks: settings.policyChecks, log }));

// Issue 4: retention and scheduling.
const forget = await attempt('forget', () => benchForget({ workDir, runs: settings.forgetRuns, log }));
const scheduler = await attempt('scheduler', () => benchScheduler({ workDir, log }));

// Issue 5: audit log and reports.
const audit = await attempt('audit', () => benchAudit({ workDir, log }));
const reports = await attempt('reports', () => benchReports({ workDir, log }));

// Issue 11: years of history cost nothing per command.
const history = await attempt('history', () => benchHistory({ workDir, runs: settings.historyRuns, log }));

// Issue 6: UI and REST API.
const ui = await attempt('ui', () => benchUi({ workDir, runs: settings.uiRuns, log }));
const api = await attempt('api', () => benchApi({ workDir, log }));

// Issue 7: plugin authoring.
const authoring = await attempt('authoring', () => benchAuthoring({ workDir, runs: settings.authoringRuns, log }));

// Issue 17: file index.
const fileIndex = await attempt('fileIndex', () => benchFileIndex({ workDir, log }));

// Issue 14: backups through the running workbench, listings from the caches.
const workbench = await attempt('workbench', () => benchWorkbench({
  workDir, treeRoot: tree.root, rounds: settings.workbenchRounds, reruns: settings.workbenchReruns, listRuns: settings.listRuns, log,
}));

// Issue 14: the idle workbench's memory.
const serveMemory = await attempt('serveMemory', () => benchServeMemory({ workDir, treeRoot: tree.root, runs: settings.serveMemoryRuns, log }));

// Each section with the benchmarks it shows (a BENCH_ONLY run rewrites only the sections it measured).
const measured = [
  [['backup', 'snapshots', 'cli', 'kernel', 'rpc'], kernelSection({ settings, treeLabel, backup, snapshots, cli, kernel, rpc }, failures)],
  [['s3', 'sftp', 'policy'], backendsSection({ remoteLabel, s3, sftp, policy }, failures)],
  [['forget', 'scheduler'], operationsSection({ forget, scheduler }, failures)],
  [['audit', 'reports'], auditReportsSection({ audit, reports }, failures)],
  [['history'], historySection({ history }, failures)],
  [['ui', 'api'], uiApiSection({ ui, api }, failures)],
  [['authoring'], authoringSection({ authoring }, failures)],
  [['fileIndex'], fileIndexSection({ fileIndex }, failures)],
  [['backup', 'workbench'], dataPathSection({ settings, treeLabel, backup, workbench }, failures)],
  [['serveMemory'], idleWorkbenchSection({ serveMemory }, failures)],
];
const sections = measured.filter(([names]) => !only || names.every((name) => only.has(name))).map(([, section]) => section);
const machine = machineDescription();
const tables = renderSections(sections);
const missed = sections.flatMap((s) => s.rows).filter((r) => r.met !== 'yes' && r.met !== 'info');
const markdown = `# TimeLocker benchmarks

Generated by \`npm run bench\` (bench/run.mjs) on ${new Date().toISOString()}. Every TimeLocker figure sits beside
its baseline measured in the same run on the same machine, where one exists ("—" where the goal is absolute and
nothing comparable runs without TimeLocker). Benchmarks are not tests: CI does not fail on them.

Machine: ${machine.nproc} cores (${machine.cpu}), ${machine.restic}, node ${machine.node}. Whole run: ${((Date.now() - started) / 1000).toFixed(0)} s;
1-minute load average ${loadBefore.toFixed(2)} at the start, ${loadavg()[0].toFixed(2)} at the end.

${tables}

Goals missed: ${missed.length ? missed.map((r) => `${r.benchmark}${r.met === '**FAILED**' ? ' (failed to run)' : ''}`).join('; ') : 'none'}.

${methodNotes({ treeLabel, remoteLabel, remoteIsSubset, backup, rpc, s3, sftp, forget, policy, settings })}`;
const resultsFile = join(benchDir, 'RESULTS.md');
if (only) {
  const rendered = sections.map((section) => ({ title: section.title, text: renderSections([section]) }));
  const note = `${sections.map((s) => s.title.split(' — ')[0]).join(', ')} on ${new Date().toISOString()} (\`BENCH_ONLY=${[...only].join(',')}\`; ${((Date.now() - started) / 1000).toFixed(0)} s; 1-minute load average ${loadBefore.toFixed(2)} at the start, ${loadavg()[0].toFixed(2)} at the end).`;
  writeFileSync(resultsFile, spliceSections(readFileSync(resultsFile, 'utf8'), rendered, note));
} else {
  writeFileSync(resultsFile, markdown);
}
console.log(`\n${tables}\n\nMachine: ${machine.nproc} cores, ${machine.restic}, node ${machine.node}. Written to bench/RESULTS.md`);
