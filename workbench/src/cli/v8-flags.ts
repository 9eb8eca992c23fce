import { setFlagsFromString } from 'node:v8';

/**
 * The catalog's SQLite (sql.js, WebAssembly) compiled by V8's baseline compiler only: optimizing its hot functions in
 * the background cost a one-command process ~50 MiB of peak memory and more CPU than it saved. `serve` too: the
 * optimized code held ~32 MiB of its idle RSS, and 200 catalog-backed API requests took the same time either way
 * (issue 14, item 6). `scheduler run` keeps the optimizing tier (not measured).
 *
 * Set once the command is parsed, after the bundle loaded: V8 accepts a code cache only under the flags it was written
 * with, Node's own for its builtin modules included, so setting them before the bundle loaded (to compile the module
 * early) cost the bundle's top level ~25 ms of compiling the builtins it requires. The build writes the precompiled
 * validators' caches, which load after this point, under these flags.
 */
export const webAssemblyFlags = '--liftoff-only';

const optimizesWebAssembly = new Set(['scheduler run']);
const keepsYoungGenerationSmall = new Set(['serve']);

/** Sets the V8 flags of the command at `commandPath`, before the privacy notice first opens the catalog. */
export function setCommandFlags(commandPath: string): void {
  if (!optimizesWebAssembly.has(commandPath)) setFlagsFromString(webAssemblyFlags);
  // The workbench server keeps V8's young generation at the size it has when the command starts: the kernel's
  // start-up grew it to 2 x 16 MiB semi-spaces (24-30 MiB resident) that V8 had not shrunk after 15 s idle, while
  // 200 GET /jobs and /status took the same time either way (issue 14, item 6). Set at run time, a maximum
  // semi-space size has no effect (V8 reads it when the heap is set up); the growth factor is read at each growth.
  if (keepsYoungGenerationSmall.has(commandPath)) setFlagsFromString('--semi-space-growth-factor=1');
}
