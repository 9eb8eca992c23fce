import { ExitCode } from '../node/core/exit-code.js';
import { dropOutputAfterBrokenPipe } from './broken-pipe.js';
import { loadBundledCli } from './bundled-cli.js';
import { listFromCatalog } from './catalog-listing.js';
import { addCommandEntry, commandNamedIn, modulesNamedIn, readCommandManifest } from './command-manifest.js';
import { forkEarlyPluginHost } from './early-plugin-host.js';
import { createRootProgram, runProgram } from './root-program.js';

/**
 * What `timelocker` runs. A command line that names no command (`--help`, `--version`, a typo) is answered from
 * the command manifest without loading the CLI bundle; `snapshots` and `ls` from the catalog's caches when they can
 * be (catalog-listing.ts); any other loads the bundle, which loads the named command's module only. A command that
 * will run a job here gets its plugin host forked first (see early-plugin-host.ts).
 */
export async function runCli(argv: readonly string[]): Promise<number> {
  dropOutputAfterBrokenPipe(process.stdout);
  const manifest = readCommandManifest();
  if (modulesNamedIn(manifest, argv).size > 0) {
    const listed = await listFromCatalog(argv);
    if (listed !== undefined) {
      process.stdout.write(listed);
      return ExitCode.ok;
    }
    // Before the bundle loads: the host boots on another core meanwhile.
    const earlyHost = forkEarlyPluginHost(commandNamedIn(manifest, argv), argv);
    try {
      return await loadBundledCli().main(argv, manifest, earlyHost);
    } finally {
      earlyHost?.discard();
    }
  }
  const program = createRootProgram();
  for (const module of manifest) for (const command of module.commands) addCommandEntry(program, command);
  return runProgram(program, argv);
}
