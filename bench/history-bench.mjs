// Issue 11: history must not slow the product down. An installation with 200,000 audit entries and 50,000 finished
// jobs beside an empty one, same config, measured in the same run: CLI commands (wall time, peak RSS) and a catalog
// write (a whole job's records in a fresh process).
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { appendFinishedJobs, fillAudit, openStores } from './history-fixtures.mjs';
import { runJsonProbe, timeCommand } from './processes.mjs';
import { cliEntry } from './sides.mjs';
import { median } from './stats.mjs';

const MB = 1024 * 1024;
export const HISTORY_GOALS = { auditEntries: 200_000, jobs: 50_000, extraMs: 50, extraRssBytes: 20 * MB };
export const HISTORY_COMMANDS = [['jobs', '--limit', '20'], ['status'], ['audit', 'list', '--limit', '20']];

const cliProbe = fileURLToPath(new URL('./cli-probe.mjs', import.meta.url));
const writeProbe = fileURLToPath(new URL('./history-write-probe.mjs', import.meta.url));

function installation(dir) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const configFile = join(dir, 'config', 'timelocker.json');
  const dataDir = join(dir, 'data');
  mkdirSync(join(dir, 'config'), { recursive: true });
  writeFileSync(configFile, JSON.stringify({
    repositories: { nas: { backend: 'local', path: join(dir, 'nas') }, 's3-eu': { backend: 'local', path: join(dir, 's3') } },
    // Each plan copied to the other repository: `status` then also tells where the latest snapshots were copied.
    plans: Object.fromEntries([0, 1, 2, 3].map((i) => [`plan-${i}`, { repository: i % 2 ? 'nas' : 's3-eu', paths: [dir], copyTo: [i % 2 ? 's3-eu' : 'nas'] }])),
  }, null, 2));
  const options = { configFile, dataDir, builtinPluginsDir: dir, extraPluginDirs: [], actor: 'bench' };
  const env = { ...process.env, TIMELOCKER_CONFIG: configFile, TIMELOCKER_DATA_DIR: dataDir, TIMELOCKER_BENCH_PROBE_OUT: join(dir, 'probe.json') };
  return { dir, options, env };
}

async function command(side, args) {
  const { ms } = await timeCommand(process.execPath, [cliProbe, '--accept-privacy-notice', ...args], { env: side.env });
  const probe = JSON.parse(readFileSync(side.env.TIMELOCKER_BENCH_PROBE_OUT, 'utf8'));
  return { ms, rssBytes: probe.maxRssBytes, cpuMs: probe.cpuMs };
}

export async function benchHistory({ workDir, runs = 5, log = () => undefined }) {
  const empty = installation(join(workDir, 'history', 'empty'));
  const full = installation(join(workDir, 'history', 'full'));
  const started = Date.now();
  const stores = openStores(full.options);
  try {
    await fillAudit(stores.audit, HISTORY_GOALS.auditEntries);
    await appendFinishedJobs(stores, HISTORY_GOALS.jobs);
  } finally {
    await stores.close();
  }
  log(`history: ${HISTORY_GOALS.auditEntries} audit entries and ${HISTORY_GOALS.jobs} jobs written in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  // Both installations have a catalog, as any used one has.
  for (const side of [empty, full]) await timeCommand(process.execPath, [cliEntry, '--accept-privacy-notice', 'token', 'create', 'bench', '--role', 'viewer'], { env: side.env });

  const commands = {};
  for (const args of HISTORY_COMMANDS) {
    await command(empty, args);
    await command(full, args);
    const samples = { empty: [], full: [] };
    for (let i = 0; i < runs; i++) {
      samples.empty.push(await command(empty, args));
      samples.full.push(await command(full, args));
    }
    const pick = (list, key) => median(list.map((s) => s[key]));
    commands[args.join(' ')] = {
      emptyMs: pick(samples.empty, 'ms'), fullMs: pick(samples.full, 'ms'),
      emptyRss: pick(samples.empty, 'rssBytes'), fullRss: pick(samples.full, 'rssBytes'),
      emptyCpuMs: pick(samples.empty, 'cpuMs'), fullCpuMs: pick(samples.full, 'cpuMs'),
    };
    const c = commands[args.join(' ')];
    log(`timelocker ${args.join(' ')}: empty ${c.emptyMs.toFixed(0)} ms (CPU ${c.emptyCpuMs.toFixed(0)} ms) / ${(c.emptyRss / MB).toFixed(0)} MiB, full ${c.fullMs.toFixed(0)} ms (CPU ${c.fullCpuMs.toFixed(0)} ms) / ${(c.fullRss / MB).toFixed(0)} MiB`);
  }
  const writes = { empty: [], full: [] };
  for (let i = 0; i < 3; i++) {
    for (const [name, side] of [['empty', empty], ['full', full]]) writes[name].push(await runJsonProbe(writeProbe, [side.options.configFile, side.options.dataDir]));
  }
  const write = {
    emptyMs: median(writes.empty.map((w) => w.medianMs)), fullMs: median(writes.full.map((w) => w.medianMs)),
    emptyRss: median(writes.empty.map((w) => w.maxRssBytes)), fullRss: median(writes.full.map((w) => w.maxRssBytes)),
  };
  log(`job records (catalog writes + history append): empty ${write.emptyMs.toFixed(1)} ms, full ${write.fullMs.toFixed(1)} ms`);
  return { runs, commands, write };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const workDir = join(fileURLToPath(new URL('.', import.meta.url)), 'work');
  console.log(JSON.stringify(await benchHistory({ workDir, log: console.log }), null, 2));
}
