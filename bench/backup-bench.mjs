import { join } from 'node:path';
import { median } from './stats.mjs';
import { FloorSide, RawResticSide, TimeLockerSide } from './sides.mjs';

/** Runs each side's command in the given order and returns their times in ms, by side. */
async function inOrder(order, runs) {
  const times = {};
  for (const side of order) times[side] = (await runs[side]()).ms;
  return times;
}

/**
 * First backup into fresh repositories (`rounds` times, alternating which side goes first), then
 * `reruns` unchanged re-runs on the last round's repositories (and the floor's own), rotating the order.
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
  const floor = new FloorSide(join(workDir, 'floor'), tl);
  await floor.create(treeRoot);
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
  return {
    resticCommandsPerBackup: perRun.join(', ') || 'unknown (log format changed)',
    first: { tl: median(first.tl), raw: median(first.raw), samples: first },
    rerun: { tl: median(rerun.tl), raw: median(rerun.raw), floor: median(rerun.floor), samples: rerun },
    timelockerSide: tl,
  };
}
