// Bundles the CLI into one CommonJS file with a V8 code cache: resolving hundreds of modules one by one, then
// compiling the bundle on every run, dominated `timelocker` start-up (see src/cli/bundled-cli.ts for the loader).
// Command modules are imported dynamically, so the bundle initializes only the one a command line names; a line
// naming none (`--help`, `--version`) never loads the bundle (src/cli/cli-entry.ts).
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const workbench = fileURLToPath(new URL('..', import.meta.url));

const common = {
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
};

/**
 * esbuild escapes non-ASCII characters in code but keeps them in the comments it keeps; one such character makes V8
 * hold the whole 4.7 MB source as a two-byte string, twice the memory of every command. Escaped per UTF-16 unit,
 * they change nothing inside a comment (nor would they in a string or a regular expression).
 */
function asciiOnly(file) {
  const text = readFileSync(file, 'utf8');
  // eslint-disable-next-line no-control-regex -- exactly the characters outside ASCII
  const ascii = text.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  if (ascii !== text) writeFileSync(file, ascii);
}

await build({ ...common, entryPoints: [`${workbench}/dist/cli/main.js`], outfile: `${workbench}/dist/timelocker.cjs` });
asciiOnly(`${workbench}/dist/timelocker.cjs`);
// The entry bin/timelocker.js requires: a few files (commander, the root program), loaded without the ES module
// loader's cost per file. Next to the modules it is built from, so their import.meta.url paths hold.
await build({ ...common, entryPoints: [`${workbench}/dist/cli/cli-entry.js`], outfile: `${workbench}/dist/cli/cli-entry.cjs` });
// `snapshots` and `ls` answered from the catalog's caches without the kernel (src/cli/catalog-listing.ts): what
// cli-entry requires for those command lines only.
await build({ ...common, entryPoints: [`${workbench}/dist/cli/catalog-listing-main.js`], outfile: `${workbench}/dist/cli/catalog-listing.cjs` });

// The command manifest (what `--help` lists without loading the bundle) and the code cache, from one run that
// registers every command module.
const artifacts = spawnSync(process.execPath, ['--input-type=module', '-e',
  `import { writeBundleArtifacts } from './dist/cli/bundled-cli.js'; await writeBundleArtifacts();`],
{ cwd: workbench, stdio: ['ignore', 'ignore', 'inherit'] });
if (artifacts.status !== 0) throw new Error(`writing the CLI's command manifest and code cache failed (exit ${artifacts.status})`);
