// Bundles the CLI into one ESM file: resolving hundreds of modules one by one dominated `timelocker` start-up.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

const workbench = fileURLToPath(new URL('..', import.meta.url));

await build({
  entryPoints: [`${workbench}/dist/cli/main.js`],
  outfile: `${workbench}/dist/timelocker.js`,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // jsonc-parser's UMD entry requires its files dynamically; its ESM build bundles cleanly.
  mainFields: ['module', 'main'],
  // keytar is native and optional; sql.js finds its .wasm next to its own files.
  external: ['keytar', 'sql.js'],
  // CommonJS dependencies inside an ESM bundle still call require() for Node built-ins.
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  sourcemap: true,
  logLevel: 'warning',
});
