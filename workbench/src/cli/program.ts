import type { Command } from 'commander';
import type { CliContext, GlobalOptions } from './cli-context.js';
import { addCommandEntry, type CommandManifest, describeCommand, type ModuleEntry, modulesNamedIn } from './command-manifest.js';
import { commandModules } from './command-modules.js';
import { createRootProgram } from './root-program.js';
import { setCommandFlags } from './v8-flags.js';

const commandPath = (command: Command): string => (command.parent?.parent ? `${commandPath(command.parent)} ${command.name()}` : command.name());

/**
 * The program for one command line: the modules of the commands `argv` names are registered for real, every other
 * command only as its entry in the manifest, so that help, "unknown command" and its suggestions see them all.
 * A module the manifest does not know (a stale build) is registered for real.
 */
export async function createProgram(cli: (globals: () => GlobalOptions) => CliContext, argv: readonly string[], manifest: CommandManifest): Promise<Command> {
  const program = createRootProgram();
  const context = cli(() => program.opts<GlobalOptions>());
  let unrecordedNotice: string | undefined;
  program.hook('preAction', async (_root, action) => {
    setCommandFlags(commandPath(action));
    unrecordedNotice = await (await import('./commands/privacy-commands.js')).settlePrivacyNoticeBefore(program, action, context);
  });
  program.hook('postAction', () => {
    if (unrecordedNotice) process.stderr.write(`${unrecordedNotice}\n`);
  });
  const named = modulesNamedIn(manifest, argv);
  for (const [id, load] of Object.entries(commandModules)) {
    const entry = manifest.find((m) => m.module === id);
    if (entry && !named.has(id)) for (const command of entry.commands) addCommandEntry(program, command);
    else await (await load())(program, context, argv);
  }
  return program;
}

/** Build step: the manifest of every module's top-level commands, each module registered on a program of its own. */
export async function describeCommandModules(cli: (globals: () => GlobalOptions) => CliContext): Promise<ModuleEntry[]> {
  const modules: ModuleEntry[] = [];
  for (const [id, load] of Object.entries(commandModules)) {
    const program = createRootProgram();
    await (await load())(program, cli(() => program.opts<GlobalOptions>()), []);
    modules.push({ module: id, commands: program.commands.map(describeCommand) });
  }
  return modules;
}
