import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { timeCommand } from './processes.mjs';
import { PLAN_TAG, RawResticSide, resticBinary, TimeLockerSide } from './sides.mjs';
import { median, percentile } from './stats.mjs';

const probe = fileURLToPath(new URL('./file-index-probe.mjs', import.meta.url));
const DIRS = 50;
const FILES_PER_DIR = 2000;
const SNAPSHOTS = 10;
const CHANGED_PER_SNAPSHOT = 1000;
// What people type: names, name parts, folder parts, globs, a path across folders, and something that is nowhere.
const PATTERNS = ['file-0012345', 'file-00777', 'dir-07', 'dir-13/file-0026', '*.log', 'file-*9.txt', 'notes', 'NOTHING-LIKE-THIS', '/dir-2', 'e-00004', 'txt', 'dir-4*/*.txt'];

/** 50 folders × 2,000 small files; snapshot k rewrites 1,000 of them, so the index holds shared and changed versions. */
function writeTree(root, round) {
  for (let d = 0; d < DIRS; d++) {
    const dir = join(root, `dir-${String(d).padStart(2, '0')}`);
    mkdirSync(dir, { recursive: true });
    for (let f = 0; f < FILES_PER_DIR; f++) {
      const n = d * FILES_PER_DIR + f;
      const changed = round > 0 && n % (DIRS * FILES_PER_DIR / CHANGED_PER_SNAPSHOT) === round % (DIRS * FILES_PER_DIR / CHANGED_PER_SNAPSHOT);
      if (round === 0 || changed) writeFileSync(join(dir, `file-${String(n).padStart(7, '0')}${n % 10 === 0 ? '.log' : '.txt'}`), `${n} ${round}\n`);
    }
  }
}

/**
 * The file index on a repository of 10 snapshots × ~100,000 entries (≈ 1 M indexed entries): `timelocker index`
 * from scratch vs `restic ls --json` of the same snapshots; bytes on disk per entry; search latency (in-process,
 * after loading) vs `restic find` on the same repository; the workbench's RSS growth with the index loaded; and,
 * for the worst case, one snapshot of 1 M distinct paths in memory.
 */
export async function benchFileIndex({ workDir, rounds = 5, log = console.log }) {
  const dir = join(workDir, 'file-index');
  const side = new TimeLockerSide(join(dir, 'timelocker'));
  const raw = new RawResticSide(join(dir, 'raw'), side.repoPath);
  const tree = join(dir, 'tree');
  const stampFile = join(dir, 'stamp.json');
  const stamp = { dirs: DIRS, files: FILES_PER_DIR, snapshots: SNAPSHOTS };
  if (existsSync(stampFile) && readFileSync(stampFile, 'utf8') === JSON.stringify(stamp)) log(`file index: reusing the repository under ${dir}`);
  else {
    rmSync(dir, { recursive: true, force: true });
    await side.create(tree);
    for (let round = 0; round < SNAPSHOTS; round++) {
      writeTree(tree, round);
      await raw.restic(['backup', '-q', '--tag', PLAN_TAG, tree]);
    }
    writeFileSync(stampFile, JSON.stringify(stamp));
  }
  const ids = JSON.parse((await timeCommand(resticBinary, ['snapshots', '--json'], { env: raw.env, captureStdout: true })).stdout).map((s) => s.id);
  const indexDir = join(side.dir, 'data', 'file-index');
  // From scratch, as a person runs it: the whole `timelocker index` command beside restic listing the same snapshots.
  rmSync(indexDir, { recursive: true, force: true });
  const whole = (await side.cli(['index', '--repo', 'bench'])).ms;
  let wholeRaw = (await raw.restic(['snapshots', '--json', '--no-lock'])).ms;
  for (const id of ids) wholeRaw += (await raw.restic(['ls', '--json', '--no-lock', id])).ms;
  const paired = JSON.parse((await timeCommand(process.execPath, [probe, '[]', '0', '--index-pairs', join(indexDir, 'bench'), JSON.stringify(raw.env)], { env: side.env, captureStdout: true })).stdout.trim().split('\n').pop()).samples;
  const ratios = paired.map((p) => p.tl / p.raw);
  const probed = await timeCommand(process.execPath, ['--expose-gc', probe, JSON.stringify(PATTERNS), String(rounds)], { env: side.env, captureStdout: true });
  const loaded = JSON.parse(probed.stdout.trim().split('\n').pop());
  const find = [];
  for (const pattern of ['file-0012345*']) find.push((await raw.restic(['find', '--no-lock', pattern])).ms);
  const synthetic = await timeCommand(process.execPath, ['--expose-gc', probe, JSON.stringify(PATTERNS.map((p) => p.replace('dir-', 'project-00'))), String(rounds), '--synthetic', '1000000'], { env: side.env, captureStdout: true });
  const worst = JSON.parse(synthetic.stdout.trim().split('\n').pop());
  const result = {
    snapshots: ids.length, entries: loaded.entries, distinctPaths: loaded.distinctPaths, distinctVersions: loaded.distinctVersions,
    indexMs: median(paired.map((p) => p.tl)), lsMs: median(paired.map((p) => p.raw)), indexRatio: median(ratios), wholeMs: whole, wholeRawMs: wholeRaw,
    bytesPerEntry: loaded.bytesOnDisk / loaded.entries, loadMs: loaded.loadMs, rssDelta: loaded.rssDelta,
    searchP95: percentile(loaded.samples, 95), searchMedian: median(loaded.samples), queries: loaded.samples.length, findMs: median(find),
    worst: { entries: worst.entries, rssDelta: worst.rssDelta, p95: percentile(worst.samples, 95), bytesPerEntry: worst.bytesOnDisk / worst.entries },
  };
  log(`file index: ${result.entries} entries, index ${result.indexMs.toFixed(0)} ms vs ls ${result.lsMs.toFixed(0)} ms per snapshot (whole: ${whole.toFixed(0)} vs ${wholeRaw.toFixed(0)} ms), ${result.bytesPerEntry.toFixed(1)} B/entry, search p95 ${result.searchP95.toFixed(1)} ms vs restic find ${result.findMs.toFixed(0)} ms, +${(result.rssDelta / 1048576).toFixed(1)} MiB`);
  return result;
}
