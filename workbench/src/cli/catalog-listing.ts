import { createRequire } from 'node:module';
import { setFlagsFromString } from 'node:v8';
import type { GlobalOptions } from './global-options.js';
import { defineLsCommand, defineSnapshotsCommand } from './listing-commands.js';
import type { LsFlags, SnapshotsFlags } from './listing-views.js';
import { createRootProgram } from './root-program.js';
import { webAssemblyFlags } from './v8-flags.js';

/** A `snapshots` or `ls` command line, parsed as the kernel's commands parse it. */
export type ListingCommand =
  | { readonly kind: 'snapshots'; readonly globals: GlobalOptions; readonly flags: SnapshotsFlags }
  | { readonly kind: 'ls'; readonly globals: GlobalOptions; readonly snapshot: string; readonly dir: string; readonly flags: LsFlags };

/** What the kernel-less listing bundle exports (catalog-listing-main.ts, built to dist/cli/catalog-listing.cjs). */
export interface CatalogListing {
  /** The command's whole standard output, or undefined when only the kernel can answer. */
  listFromCatalog(command: ListingCommand): Promise<string | undefined>;
}

/** The listing `argv` asks for; undefined for any other command line, help, or a usage error (the kernel's to report). */
export async function parseListingCommand(argv: readonly string[]): Promise<ListingCommand | undefined> {
  const silent = (): void => undefined;
  // Set before the commands are defined: they inherit it.
  const program = createRootProgram().exitOverride().configureOutput({ writeOut: silent, writeErr: silent });
  let command: ListingCommand | undefined;
  defineSnapshotsCommand(program).action((flags: SnapshotsFlags) => {
    command = { kind: 'snapshots', globals: program.opts<GlobalOptions>(), flags };
  });
  defineLsCommand(program).action((snapshot: string, dir: string | undefined, flags: LsFlags) => {
    command = { kind: 'ls', globals: program.opts<GlobalOptions>(), snapshot, dir: dir ?? '/', flags };
  });
  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch {
    return undefined;
  }
  return command;
}

/**
 * `snapshots` and `ls` answered from the catalog's caches by a small bundle of their own, without the CLI bundle and
 * its kernel (issue 14: a listing at a fraction of restic's time). Anything that bundle is not sure of — and
 * `--copies`, `--refresh` — resolves undefined and nothing is printed: the caller runs the command as always.
 */
export async function listFromCatalog(argv: readonly string[]): Promise<string | undefined> {
  if (!argv.includes('snapshots') && !argv.includes('ls')) return undefined;
  const command = await parseListingCommand(argv);
  if (!command || (command.kind === 'snapshots' && (command.flags.copies || command.flags.refresh))) return undefined;
  // As for every one-shot command (v8-flags.ts): sql.js compiled by V8's baseline compiler only.
  setFlagsFromString(webAssemblyFlags);
  try {
    const listing = createRequire(import.meta.url)('./catalog-listing.cjs') as CatalogListing;
    return await listing.listFromCatalog(command);
  } catch {
    // A problem here (an unreadable catalog, a missing bundle) is for the kernel's command to meet and explain.
    return undefined;
  }
}
