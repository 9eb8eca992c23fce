import { compileSqlWasm } from '../node/catalog/catalog-database.js';
import { ExitCode } from '../node/core/exit-code.js';
import { loadBundledCli } from './bundled-cli.js';
import { listFromCatalog } from './catalog-listing.js';
import { addCommandEntry, commandNamedIn, modulesNamedIn, readCommandManifest } from './command-manifest.js';
import { forkEarlyPluginHost } from './early-plugin-host.js';
import { createRootProgram, runProgram } from './root-program.js';
import { setEntryFlags } from './v8-flags.js';

/**
 * What `timelocker` runs. A command line that names no command (`--help`, `--version`, a typo) is answered from
 * the command manifest without loading the CLI bundle; `snapshots` and `ls` from the catalog's caches when they can
 * be (catalog-listing.ts); any other loads the bundle, which loads the named command's module only. A command that
 * will run a job here gets its plugin host forked first (see early-plugin-host.ts); every command that loads the
 * bundle (all open the catalog) starts compiling the catalog's WebAssembly module first.
 */
export async function runCli(argv: readonly string[]): Promise<number> {
  const manifest = readCommandManifest();
  if (modulesNamedIn(manifest, argv).size > 0) {
    const listed = await listFromCatalog(argv);
    if (listed !== undefined) {
      process.stdout.write(listed);
      return ExitCode.ok;
    }
    // Before the bundle loads (V8 accepts its code cache only under the flags the build wrote it with): the host
    // boots on another core and the catalog's WebAssembly module is decoded on V8's background threads meanwhile.
    setEntryFlags(argv);
    const earlyHost = forkEarlyPluginHost(commandNamedIn(manifest, argv), argv);
    const sqlWasm = compileSqlWasm();
    // Adopted by the command's first catalog load, which compiles again (and reports) when this failed.
    sqlWasm.catch(() => undefined);
    try {
      return await loadBundledCli().main(argv, manifest, { host: earlyHost, sqlWasm });
    } finally {
      earlyHost?.discard();
    }
  }
  const program = createRootProgram();
  for (const module of manifest) for (const command of module.commands) addCommandEntry(program, command);
  return runProgram(program, argv);
}
