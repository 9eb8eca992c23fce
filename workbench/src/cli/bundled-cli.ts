import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Script } from 'node:vm';
import { commandManifestFile, type CommandManifest, type ModuleEntry } from './command-manifest.js';
import type { EarlyPluginHost } from './early-plugin-host.js';

/** What the CLI bundle exports: cli/main.ts. */
export interface BundledCli {
  main(argv: readonly string[], manifest: CommandManifest, earlyHost?: EarlyPluginHost): Promise<number>;
  describeCommands(): Promise<ModuleEntry[]>;
}

const bundleFile = fileURLToPath(new URL('../timelocker.cjs', import.meta.url));
const codeCacheFile = `${bundleFile}.code-cache`;

/**
 * Loads the one-file CLI bundle with the V8 code cache written at build time. Parsing and compiling the 4 MB bundle
 * was most of every command's start-up; Node 20 caches compiled code only for scripts compiled through `vm`. A cache
 * that does not match the bundle (an edited bundle, another Node version) is rejected by V8 and costs nothing but
 * the compile it would have saved.
 */
export function loadBundledCli(): BundledCli {
  return run(compile(existsSync(codeCacheFile) ? readFileSync(codeCacheFile) : undefined));
}

/**
 * Build step: registers every command module once, writing what they register as the command manifest, then the
 * code compiled meanwhile (every module's top level and registration: what each command's start-up runs) next to
 * the bundle.
 */
export async function writeBundleArtifacts(): Promise<void> {
  const script = compile(undefined);
  const manifest = await run(script).describeCommands();
  writeFileSync(commandManifestFile, `${JSON.stringify(manifest, null, 1)}\n`);
  writeFileSync(codeCacheFile, script.createCachedData());
}

function compile(cachedData: Buffer | undefined): Script {
  const source = readFileSync(bundleFile, 'utf8');
  // The CommonJS module wrapper on the bundle's first line keeps its line numbers (and source map) true.
  return new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
    filename: bundleFile,
    ...(cachedData ? { cachedData } : {}),
  });
}

function run(script: Script): BundledCli {
  const module = { exports: {} as BundledCli };
  const wrapper = script.runInThisContext() as (...args: unknown[]) => void;
  wrapper(module.exports, createRequire(bundleFile), module, bundleFile, dirname(bundleFile));
  return module.exports;
}
