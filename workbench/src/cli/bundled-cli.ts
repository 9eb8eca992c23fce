import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CachedScript } from '../node/core/cached-script.js';
import { commandManifestFile, type CommandManifest, type ModuleEntry } from './command-manifest.js';
import type { EarlyPluginHost } from './early-plugin-host.js';

/** What the CLI bundle exports: cli/main.ts. */
export interface BundledCli {
  main(argv: readonly string[], manifest: CommandManifest, earlyHost?: EarlyPluginHost): Promise<number>;
  describeCommands(): Promise<ModuleEntry[]>;
}

const bundleFile = fileURLToPath(new URL('../timelocker.cjs', import.meta.url));

/**
 * Loads the one-file CLI bundle with the V8 code cache written at build time: parsing and compiling the 4 MB bundle
 * was most of every command's start-up.
 */
export function loadBundledCli(): BundledCli {
  return new CachedScript(bundleFile).run<BundledCli>();
}

/**
 * Build step: registers every command module once, writing what they register as the command manifest, then the
 * code compiled meanwhile (every module's top level and registration: what each command's start-up runs) next to
 * the bundle.
 */
export async function writeBundleArtifacts(): Promise<void> {
  const script = new CachedScript(bundleFile, false);
  const manifest = await script.run<BundledCli>().describeCommands();
  writeFileSync(commandManifestFile, `${JSON.stringify(manifest, null, 1)}\n`);
  script.writeCodeCache();
}
