// Bundles the CLI into one CommonJS file with a V8 code cache: resolving hundreds of modules one by one, then
// compiling the bundle on every run, dominated `timelocker` start-up (see src/cli/bundled-cli.ts for the loader).
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const workbench = fileURLToPath(new URL('..', import.meta.url));

await build({
  entryPoints: [`${workbench}/dist/cli/main.js`],
  outfile: `${workbench}/dist/timelocker.cjs`,
  bundle: true,
  platform: 'node',
  // CommonJS: Node 20 keeps compiled code only for scripts run through `vm`, not for ES modules.
  format: 'cjs',
  target: 'node20',
  // jsonc-parser's UMD entry requires its files dynamically; its ESM build bundles cleanly.
  mainFields: ['module', 'main'],
  // keytar is native and optional; sql.js finds its .wasm next to its own files.
  external: ['keytar', 'sql.js'],
  // Sources written as ES modules find files next to themselves through import.meta.url: the bundle's own URL.
  define: { 'import.meta.url': '__bundleUrl' },
  banner: { js: "const __bundleUrl = require('node:url').pathToFileURL(__filename).href;" },
  sourcemap: true,
  logLevel: 'warning',
});

// `--help` builds every command: the start-up path that every run shares.
const cache = spawnSync(process.execPath, ['--input-type=module', '-e',
  `import { writeBundleCodeCache } from './dist/cli/bundled-cli.js'; await writeBundleCodeCache(['--help']);`],
{ cwd: workbench, stdio: ['ignore', 'ignore', 'inherit'] });
if (cache.status !== 0) throw new Error(`writing the CLI's code cache failed (exit ${cache.status})`);
