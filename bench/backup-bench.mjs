import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { followPeakMemory, timeCommand } from './processes.mjs';
import { median } from './stats.mjs';
import { FloorSide, RawResticSide, TimeLockerSide } from './sides.mjs';

const cliProbe = fileURLToPath(new URL('./cli-probe.mjs', import.meta.url));
const medianOr = (values) => (values.length ? median(values) : undefined);

/**
 * Peak memory of unchanged re-runs, outside the timed ones: the CLI process's own peak RSS (exact: cli-probe.mjs runs
 * the CLI's entry and reads `process.resourceUsage()` at its end), its children's (plugin host, restic) and raw
 * restic's, followed in /proc (VmHWM).
 */
async function peakMemory(tl, raw, treeRoot, runs) {
  const peaks = { tl: [], host: [], restic: [], raw: [] };
  const probeOut = join(tl.dir, 'memory-probe.json');
  for (let i = 0; i < runs; i++) {
    let followed;
    await timeCommand(process.execPath, [cliProbe, 'backup', 'bench'], {
      env: { ...tl.env, TIMELOCKER_BENCH_PROBE_OUT: probeOut }, onSpawn: (pid) => { followed = followPeakMemory(pid); },
    });
    const { children } = await followed.stop();
    peaks.tl.push(JSON.parse(readFileSync(probeOut, 'utf8')).maxRssBytes);
    for (const child of children) (child.name === 'restic' ? peaks.restic : peaks.host).push(child.bytes);
    await raw.backup(treeRoot, { onSpawn: (pid) => { followed = followPeakMemory(pid); } });
    peaks.raw.push((await followed.stop()).self);
  }
  return { tl: median(peaks.tl), host: medianOr(peaks.host), restic: medianOr(peaks.restic), raw: median(peaks.raw), runs };
}

/** Runs each side's command in the given order and returns their times in ms, by side. */
async function inOrder(order, runs) {
  const times = {};
  for (const side of order) times[side] = (await runs[side]()).ms;
  return times;
}

/**
 * First backup into fresh repositories (`rounds` times, alternating which side goes first), then
 * `reruns` unchanged re-runs on the last round's repositories (the floor's in the raw side's), rotating the order.
 */
export async function benchBackup({ workDir, treeRoot, rounds, reruns, log }) {
  const first = { tl: [], raw: [] };
  let tl;
  let raw;
  for (let round = 0; round < rounds; round++) {
    tl = new TimeLockerSide(join(workDir, 'timelocker'));
    raw = new RawResticSide(join(workDir, 'restic'));
    await tl.create(treeRoot);
    await raw.create();
    const order = round % 2 === 0 ? ['tl', 'raw'] : ['raw', 'tl'];
    const t = await inOrder(order, { tl: () => tl.backup(), raw: () => raw.backup(treeRoot) });
    first.tl.push(t.tl);
    first.raw.push(t.raw);
    log(`first backup round ${round + 1}/${rounds} (${order.join(' then ')}): timelocker ${t.tl.toFixed(0)} ms, restic ${t.raw.toFixed(0)} ms`);
  }
  const floor = new FloorSide(join(workDir, 'floor'), tl, raw);
  floor.create();
  const rerun = { tl: [], raw: [], floor: [] };
  const logMark = tl.logMark();
  const sides = ['raw', 'tl', 'floor'];
  for (let i = 0; i < reruns; i++) {
    const order = sides.map((_, k) => sides[(i + k) % sides.length]);
    const t = await inOrder(order, { tl: () => tl.backup(), raw: () => raw.backup(treeRoot), floor: () => floor.backup(treeRoot) });
    for (const side of sides) rerun[side].push(t[side]);
    log(`unchanged re-run ${i + 1}/${reruns}: timelocker ${t.tl.toFixed(0)} ms, restic ${t.raw.toFixed(0)} ms, floor ${t.floor.toFixed(0)} ms`);
  }
  const perRun = Object.entries(tl.resticCommandsSince(logMark)).map(([command, count]) => `${command} ×${count / reruns}`);
  const memory = await peakMemory(tl, raw, treeRoot, 3);
  log(`peak RSS: timelocker ${(memory.tl / 2 ** 20).toFixed(1)} MiB (host ${((memory.host ?? 0) / 2 ** 20).toFixed(1)}, restic child ${((memory.restic ?? 0) / 2 ** 20).toFixed(1)}), raw restic ${(memory.raw / 2 ** 20).toFixed(1)} MiB`);
  return {
    resticCommandsPerBackup: perRun.join(', ') || 'unknown (log format changed)',
    first: { tl: median(first.tl), raw: median(first.raw), samples: first },
    rerun: { tl: median(rerun.tl), raw: median(rerun.raw), floor: median(rerun.floor), samples: rerun },
    memory,
    timelockerSide: tl,
  };
}
