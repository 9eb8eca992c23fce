import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { median } from './stats.mjs';

/**
 * `rounds` timed rounds of TimeLocker against raw restic, alternating which side goes first so neither always meets
 * a warm (or cold) server. `prepare(round, dir)` sets a round up in `dir` (`<workDir>/<round>`, fresh and empty) and
 * returns `{ tl, raw, cleanUp? }`: `tl` and `raw` each run once and resolve to `{ ms }`; `cleanUp` runs after both.
 * Resolves to the medians in ms and the samples.
 */
export async function alternatingRounds({ label, workDir, rounds, log, prepare }) {
  const samples = { tl: [], raw: [] };
  for (let round = 0; round < rounds; round++) {
    const dir = join(workDir, String(round));
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const { tl, raw, cleanUp } = await prepare(round, dir);
    const order = round % 2 === 0 ? ['tl', 'raw'] : ['raw', 'tl'];
    const times = {};
    for (const side of order) times[side] = (side === 'tl' ? await tl() : await raw()).ms;
    samples.tl.push(times.tl);
    samples.raw.push(times.raw);
    log(`${label} round ${round + 1}/${rounds}: timelocker ${times.tl.toFixed(0)} ms, restic ${times.raw.toFixed(0)} ms`);
    await cleanUp?.();
  }
  return { tl: median(samples.tl), raw: median(samples.raw), samples };
}
