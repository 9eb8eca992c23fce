import { join } from 'node:path';
import { median } from './stats.mjs';
import { RawResticSide } from './sides.mjs';

/** `timelocker snapshots --repo bench` vs plain `restic snapshots` on the same repository, alternating. */
export async function benchSnapshots({ workDir, timelockerSide, runs, log }) {
  const raw = new RawResticSide(join(workDir, 'restic-snapshots'), timelockerSide.repoPath);
  // One unmeasured call each fills both restic caches, so neither side pays for the first index download.
  await timelockerSide.snapshots();
  await raw.snapshots();
  const tl = [];
  const plain = [];
  for (let i = 0; i < runs; i++) {
    if (i % 2 === 0) {
      tl.push((await timelockerSide.snapshots()).ms);
      plain.push((await raw.snapshots()).ms);
    } else {
      plain.push((await raw.snapshots()).ms);
      tl.push((await timelockerSide.snapshots()).ms);
    }
  }
  log(`snapshots: timelocker ${tl.map((v) => v.toFixed(0)).join('/')} ms, restic ${plain.map((v) => v.toFixed(0)).join('/')} ms`);
  return { tl: median(tl), raw: median(plain), samples: { tl, raw: plain } };
}
