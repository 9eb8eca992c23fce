import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PLAN_TAG, RawResticSide, TimeLockerSide } from './sides.mjs';
import { median } from './stats.mjs';

const RETENTION = { keepLast: 10, keepDaily: 14, keepWeekly: 8, keepMonthly: 12 };
const RAW_ARGS = ['forget', '--dry-run', '--json', '--tag', PLAN_TAG, '--keep-last', '10', '--keep-daily', '14', '--keep-weekly', '8', '--keep-monthly', '12', '--group-by', 'host,paths'];

/** `count` snapshots of a one-file source, one every 6 hours back from now, made by plain restic with `--time`, 8 at a time. */
async function makeSnapshots(raw, source, count) {
  const hour = 3_600_000;
  const start = Date.now() - count * 6 * hour;
  const times = Array.from({ length: count }, (_, i) => new Date(start + i * 6 * hour).toISOString().replace('T', ' ').slice(0, 19));
  for (let i = 0; i < times.length; i += 8) {
    await Promise.all(times.slice(i, i + 8).map((time) => raw.restic(['backup', '-q', '--tag', PLAN_TAG, '--time', time, source])));
  }
}

/**
 * `timelocker forget PLAN --dry-run --json` vs plain `restic forget --dry-run --json` with the same rules, on one
 * repository holding `snapshots` snapshots of the plan; alternating, medians. Goal: ratio ≤ 1.10.
 */
export async function benchForget({ workDir, runs = 5, snapshots = 500, log = console.log }) {
  const dir = join(workDir, 'forget');
  const side = new TimeLockerSide(join(dir, 'timelocker'));
  const source = join(dir, 'source');
  const raw = new RawResticSide(join(dir, 'raw'), side.repoPath);
  // Making the snapshots takes minutes: a repository left by an earlier run with the same count is used again.
  const stampFile = join(dir, 'snapshots.json');
  const reusable = existsSync(stampFile) && existsSync(side.repoPath) && JSON.parse(readFileSync(stampFile, 'utf8')).snapshots === snapshots;
  if (reusable) {
    log(`forget: reusing the ${snapshots} snapshots under ${dir}`);
  } else {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(source, { recursive: true });
    writeFileSync(join(source, 'one.txt'), 'one small file\n');
    await side.create(source);
    const made = Date.now();
    await makeSnapshots(raw, source, snapshots);
    writeFileSync(stampFile, JSON.stringify({ snapshots }));
    log(`forget: ${snapshots} snapshots made in ${((Date.now() - made) / 1000).toFixed(1)} s`);
  }
  const config = JSON.parse(readFileSync(join(side.dir, 'timelocker.json'), 'utf8'));
  config.plans.bench.retention = RETENTION;
  writeFileSync(join(side.dir, 'timelocker.json'), JSON.stringify(config, null, 2));
  const tlForget = () => side.cli(['forget', 'bench', '--dry-run', '--json'], { captureStdout: true });
  const rawForget = () => raw.restic(RAW_ARGS);
  const check = JSON.parse((await tlForget()).stdout);
  if (check.decisions.length !== snapshots) throw new Error(`timelocker decided on ${check.decisions.length} snapshots, expected ${snapshots}`);
  await rawForget();
  const tl = [];
  const plain = [];
  for (let i = 0; i < runs; i++) {
    if (i % 2 === 0) {
      tl.push((await tlForget()).ms);
      plain.push((await rawForget()).ms);
    } else {
      plain.push((await rawForget()).ms);
      tl.push((await tlForget()).ms);
    }
  }
  log(`forget --dry-run (${snapshots} snapshots): timelocker ${tl.map((v) => v.toFixed(0)).join('/')} ms, restic ${plain.map((v) => v.toFixed(0)).join('/')} ms`);
  return { tl: median(tl), raw: median(plain), ratio: median(tl) / median(plain), snapshots, samples: { tl, raw: plain } };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const workDir = join(tmpdir(), 'timelocker-forget-bench');
  const result = await benchForget({ workDir, runs: Number(process.env.RUNS ?? 7) });
  console.log(JSON.stringify({ tlMs: result.tl, rawMs: result.raw, ratio: Number(result.ratio.toFixed(3)), snapshots: result.snapshots }));
  rmSync(workDir, { recursive: true, force: true });
}
