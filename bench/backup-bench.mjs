import { join } from 'node:path';
import { median } from './stats.mjs';
import { RawResticSide, TimeLockerSide } from './sides.mjs';

/** Runs `first()` of both sides in the given order and returns their times in ms. */
async function pair(order, tl, raw) {
  const times = {};
  for (const side of order) times[side] = (side === 'tl' ? await tl() : await raw()).ms;
  return times;
}

/**
 * First backup into fresh repositories (`rounds` times, alternating which side goes first), then
 * `reruns` unchanged re-runs on the last round's repositories, again alternating the order.
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
    const t = await pair(order, () => tl.backup(), () => raw.backup(treeRoot));
    first.tl.push(t.tl);
    first.raw.push(t.raw);
    log(`first backup round ${round + 1}/${rounds} (${order.join(' then ')}): timelocker ${t.tl.toFixed(0)} ms, restic ${t.raw.toFixed(0)} ms`);
  }
  const rerun = { tl: [], raw: [] };
  const logMark = tl.logMark();
  for (let i = 0; i < reruns; i++) {
    const order = i % 2 === 0 ? ['raw', 'tl'] : ['tl', 'raw'];
    const t = await pair(order, () => tl.backup(), () => raw.backup(treeRoot));
    rerun.tl.push(t.tl);
    rerun.raw.push(t.raw);
    log(`unchanged re-run ${i + 1}/${reruns}: timelocker ${t.tl.toFixed(0)} ms, restic ${t.raw.toFixed(0)} ms`);
  }
  const perRun = Object.entries(tl.resticCommandsSince(logMark)).map(([command, count]) => `${command} ×${count / reruns}`);
  return {
    resticCommandsPerBackup: perRun.join(', ') || 'unknown (log format changed)',
    first: { tl: median(first.tl), raw: median(first.raw), samples: first },
    rerun: { tl: median(rerun.tl), raw: median(rerun.raw), samples: rerun },
    timelockerSide: tl,
  };
}
