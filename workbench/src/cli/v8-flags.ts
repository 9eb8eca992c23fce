import { setFlagsFromString } from 'node:v8';

/**
 * The catalog's SQLite (sql.js, WebAssembly) compiled by V8's baseline compiler only: optimizing its hot functions in
 * the background cost a one-command process ~50 MiB of peak memory and more CPU than it saved. `serve` too: the
 * optimized code held ~32 MiB of its idle RSS, and 200 catalog-backed API requests took the same time either way
 * (issue 14, item 6). `scheduler run` keeps the optimizing tier (not measured). Functions stay compiled lazily, at
 * their first call: compiling the whole module on V8's background threads while the bundle loads
 * (`--no-wasm-lazy-compilation`) delayed a CLI backup's restic by ~50 ms on 2 cores, the plugin host booting beside it.
 *
 * V8 accepts a code cache only under the flags it was written with: the CLI sets these before it loads the bundle
 * (the catalog's module starts compiling then, see cli-entry.ts), and the build writes the bundle's and the
 * precompiled validators' caches under them.
 */
export const webAssemblyFlags = '--liftoff-only';

/** Command paths (words of the command line) that keep V8's defaults. */
const optimizesWebAssembly = [['scheduler', 'run']];
const keepsYoungGenerationSmall = new Set(['serve']);

/**
 * The flags of a command line, set at the CLI's entry before the bundle loads (a command path whose words are all on
 * the command line keeps V8's defaults: its bundle's code cache is then rejected, costing it the compile).
 */
export function setEntryFlags(argv: readonly string[]): void {
  if (!optimizesWebAssembly.some((path) => path.every((word) => argv.includes(word)))) setFlagsFromString(webAssemblyFlags);
}

/**
 * Sets the V8 flags of the command at `commandPath` once it is parsed, before the privacy notice first opens the
 * catalog; the WebAssembly flags again (the same values leave V8's flag hash as it was) for a program run without the
 * CLI's entry (tests, the build).
 */
export function setCommandFlags(commandPath: string): void {
  if (!optimizesWebAssembly.some((path) => path.join(' ') === commandPath)) setFlagsFromString(webAssemblyFlags);
  // The workbench server keeps V8's young generation at the size it has when the command starts: the kernel's
  // start-up grew it to 2 x 16 MiB semi-spaces (24-30 MiB resident) that V8 had not shrunk after 15 s idle, while
  // 200 GET /jobs and /status took the same time either way (issue 14, item 6). Set at run time, a maximum
  // semi-space size has no effect (V8 reads it when the heap is set up); the growth factor is read at each growth.
  if (keepsYoungGenerationSmall.has(commandPath)) setFlagsFromString('--semi-space-growth-factor=1');
}
