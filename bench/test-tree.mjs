import { createCipheriv, createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Shape of the generated tree; bump `version` whenever the content recipe changes. */
export const treeSpec = Object.freeze({ version: 1, dirs: 64, filesPerDir: 320, minBytes: 2 * 1024, maxBytes: 50 * 1024 });

const ZEROES = Buffer.alloc(treeSpec.maxBytes);

/** Deterministic 32-bit PRNG (mulberry32) so file sizes are the same on every machine. */
function sizePicker(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** AES-CTR keystream keyed by the file index: incompressible, reproducible, and far faster than a JS PRNG. */
function fileContent(index, size) {
  const key = createHash('sha256').update(`timelocker-bench:${index}`).digest();
  return createCipheriv('aes-256-ctr', key, Buffer.alloc(16)).update(ZEROES.subarray(0, size));
}

/**
 * Creates the benchmark tree under `root` unless a stamp says the same spec is already there.
 * Returns { root, files, bytes, generatedMs }.
 */
export function ensureTestTree(root) {
  const stampFile = `${root}.json`;
  if (existsSync(stampFile)) {
    const stamp = JSON.parse(readFileSync(stampFile, 'utf8'));
    if (JSON.stringify(stamp.spec) === JSON.stringify(treeSpec) && existsSync(root)) return { root, ...stamp, generatedMs: 0 };
  }
  const started = performance.now();
  rmSync(root, { recursive: true, force: true });
  const nextSize = sizePicker(0x7153);
  let files = 0;
  let bytes = 0;
  for (let d = 0; d < treeSpec.dirs; d++) {
    const dir = join(root, `dir-${String(d).padStart(3, '0')}`);
    mkdirSync(dir, { recursive: true });
    for (let f = 0; f < treeSpec.filesPerDir; f++) {
      const size = treeSpec.minBytes + Math.floor(nextSize() * (treeSpec.maxBytes - treeSpec.minBytes + 1));
      writeFileSync(join(dir, `file-${String(f).padStart(4, '0')}.bin`), fileContent(files, size));
      files++;
      bytes += size;
    }
  }
  writeFileSync(stampFile, JSON.stringify({ spec: treeSpec, files, bytes }));
  return { root, files, bytes, generatedMs: performance.now() - started };
}

/** Reads every file once so both backup runs start from the same (warm) page cache. */
export function warmPageCache(root) {
  const started = performance.now();
  let bytes = 0;
  for (const dir of readdirSync(root)) {
    for (const file of readdirSync(join(root, dir))) bytes += readFileSync(join(root, dir, file)).length;
  }
  return { bytes, ms: performance.now() - started };
}
