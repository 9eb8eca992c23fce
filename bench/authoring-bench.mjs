// Plugin authoring figures: scaffold -> build -> test of a new plugin (goal <= 30 s) and activation of a typical
// plugin as `plugins list --activate` reports it (goal <= 20 ms). Not wired into run.mjs: call benchAuthoring from there.
import { execFile } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { format, goalRow, infoRow } from './results-table.mjs';
import { cliEntry } from './sides.mjs';
import { median } from './stats.mjs';

const exec = promisify(execFile);
const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const hostEnv = { ...process.env, TIMELOCKER_PLUGIN_HOST: join(repoRoot, 'plugin-host', 'dist', 'main.js') };

export const AUTHORING_GOALS = { loopMs: 30_000, activationMs: 20 };

async function timed(file, args, options) {
  const t = performance.now();
  const { stdout } = await exec(file, args, { maxBuffer: 16 * 1024 * 1024, ...options });
  return { ms: performance.now() - t, stdout };
}

/**
 * One author loop per run, from nothing: `timelocker plugin new` (command kind), `npm install --offline` against the
 * packed API, `npm run build`, `npm test` in a real plugin host. Then the generated plugin is installed and its
 * activation time read from `timelocker plugins list --activate --json` (the kernel's own per-plugin figure).
 */
export async function benchAuthoring({ workDir, runs = 3, log = () => undefined }) {
  const dir = join(workDir, 'authoring');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  await exec('npm', ['pack', '-w', 'plugin-api', '--pack-destination', dir, '--silent'], { cwd: repoRoot });
  const tarball = join(dir, 'timelocker-plugin-api-1.0.0.tgz');
  const loops = [];
  let plugin;
  for (let i = 0; i < runs; i++) {
    const parent = join(dir, `run-${i}`);
    mkdirSync(parent);
    const scaffold = await timed(process.execPath, [cliEntry, '--json', 'plugin', 'new', 'bench', '--kind', 'command', '--dir', parent, '--api', `file:${tarball}`]);
    plugin = JSON.parse(scaffold.stdout).path;
    const install = await timed('npm', ['install', '--offline', '--no-audit', '--no-fund'], { cwd: plugin });
    const build = await timed('npm', ['run', 'build'], { cwd: plugin });
    const test = await timed('npm', ['test'], { cwd: plugin, env: hostEnv });
    const loop = { scaffold: scaffold.ms, install: install.ms, build: build.ms, test: test.ms };
    loop.total = loop.scaffold + loop.install + loop.build + loop.test;
    log(`author loop ${i + 1}: scaffold ${format.ms(loop.scaffold)}, install ${format.ms(loop.install)}, build ${format.ms(loop.build)}, test ${format.ms(loop.test)} = ${format.s(loop.total)}`);
    loops.push(loop);
  }
  const env = { ...process.env, TIMELOCKER_CONFIG: join(dir, 'timelocker.json'), TIMELOCKER_DATA_DIR: join(dir, 'data') };
  await exec(process.execPath, [cliEntry, 'plugin', 'install', plugin], { env });
  const activations = [];
  for (let i = 0; i < runs; i++) {
    const { stdout } = await exec(process.execPath, [cliEntry, '--json', 'plugins', 'list', '--activate'], { env });
    const status = JSON.parse(stdout).find((p) => p.id === 'local.bench');
    activations.push(status.activationMs);
  }
  log(`activation of local.bench: ${activations.map((v) => `${v} ms`).join('/')}`);
  const pick = (key) => median(loops.map((l) => l[key]));
  return {
    loop: { scaffold: pick('scaffold'), install: pick('install'), build: pick('build'), test: pick('test'), total: pick('total') },
    activationMs: median(activations),
    samples: { loops, activations },
  };
}

/** Rows for RESULTS.md. The loop has no baseline: its parts are shown instead. */
export function authoringRows(result) {
  const { loop, activationMs } = result;
  return [
    goalRow('plugin new → install → build → test (command plugin)', format.s(loop.total), '—',
      `scaffold ${format.ms(loop.scaffold)}, npm install ${format.s(loop.install)}, build ${format.s(loop.build)}, test ${format.s(loop.test)}`,
      `≤ ${format.s(AUTHORING_GOALS.loopMs)}`, loop.total <= AUTHORING_GOALS.loopMs),
    goalRow('activation of a typical plugin (plugins list)', `${activationMs} ms`, '—', '—', `≤ ${AUTHORING_GOALS.activationMs} ms`, activationMs <= AUTHORING_GOALS.activationMs),
    infoRow('author loop without npm install', format.s(loop.total - loop.install), '—', 'scaffold + build + test'),
  ];
}
