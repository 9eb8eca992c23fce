import { readFileSync } from 'node:fs';
import { type Command, Help } from 'commander';

/** A top-level command as the program's help lists it. */
export interface CommandEntry {
  readonly name: string;
  readonly aliases: readonly string[];
  /** What `--help` shows in the command column, e.g. `backup [options] <plan>`. */
  readonly term: string;
  readonly description: string;
  /**
   * The command starts a job (it has `--no-workbench`): with no workbench running it runs the job in a kernel of its
   * own, with the plugin host.
   */
  readonly startsJobs?: true;
}

/** One command module (see command-modules.ts) and the top-level commands it registers. */
export interface ModuleEntry {
  readonly module: string;
  readonly commands: readonly CommandEntry[];
}

/**
 * Every command module's top-level commands, in registration order, recorded at build time (workbench/scripts/
 * bundle.mjs): the program lists the commands of modules it does not load from here, so `--help` needs none of them.
 */
export type CommandManifest = readonly ModuleEntry[];

export const commandManifestFile = new URL('../command-manifest.json', import.meta.url);

export function readCommandManifest(file: URL = commandManifestFile): CommandManifest {
  return JSON.parse(readFileSync(file, 'utf8')) as CommandManifest;
}

/** The modules of the commands `argv` names: a module is needed when any word of the command line is one of its command names. */
export function modulesNamedIn(manifest: CommandManifest, argv: readonly string[]): Set<string> {
  const words = new Set(argv);
  return new Set(manifest.filter((m) => m.commands.some((c) => [c.name, ...c.aliases].some((name) => words.has(name)))).map((m) => m.module));
}

/** The entry of a top-level command, as it was when registered (see `addCommandEntry`). */
export function describeCommand(command: Command): CommandEntry {
  return {
    name: command.name(), aliases: command.aliases(), term: new Help().subcommandTerm(command), description: command.summary() || command.description(),
    ...(command.options.some((option) => option.long === '--no-workbench') ? { startsJobs: true } : {}),
  };
}

/** The top-level command `argv` runs: the first word that names one. */
export function commandNamedIn(manifest: CommandManifest, argv: readonly string[]): CommandEntry | undefined {
  const commands = manifest.flatMap((m) => m.commands);
  for (const word of argv) {
    const command = commands.find((c) => c.name === word || c.aliases.includes(word));
    if (command) return command;
  }
  return undefined;
}

const entryTerms = new WeakMap<Command, string>();

/**
 * Lists a command whose module is not loaded: its name and aliases (for dispatch and "did you mean"), and its
 * help line. Only a command line that names no command of the module reaches the program with the entry in place.
 */
export function addCommandEntry(program: Command, entry: CommandEntry): void {
  const command = program.command(entry.name).aliases([...entry.aliases]).description(entry.description)
    .allowUnknownOption().allowExcessArguments()
    .action(() => {
      throw new Error(`the module of command "${entry.name}" was not loaded`);
    });
  entryTerms.set(command, entry.term);
  // A program with entries shows their recorded terms; the default's for the commands registered for real.
  program.configureHelp({
    subcommandTerm(this: Help, sub: Command): string {
      return entryTerms.get(sub) ?? Help.prototype.subcommandTerm.call(this, sub);
    },
  });
}
