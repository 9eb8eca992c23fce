import type { Command } from 'commander';
import { setFlagsFromString } from 'node:v8';
import type { CliContext, GlobalOptions } from './cli-context.js';
import { addCommandEntry, type CommandManifest, describeCommand, type ModuleEntry, modulesNamedIn } from './command-manifest.js';
import { commandModules } from './command-modules.js';
import { createRootProgram } from './root-program.js';

const optimizesWebAssembly = new Set(['scheduler run']);
const keepsYoungGenerationSmall = new Set(['serve']);

const commandPath = (command: Command): string => (command.parent?.parent ? `${commandPath(command.parent)} ${command.name()}` : command.name());

/**
 * The program for one command line: the modules of the commands `argv` names are registered for real, every other
 * command only as its entry in the manifest, so that help, "unknown command" and its suggestions see them all.
 * A module the manifest does not know (a stale build) is registered for real.
 */
export async function createProgram(cli: (globals: () => GlobalOptions) => CliContext, argv: readonly string[], manifest: CommandManifest): Promise<Command> {
  const program = createRootProgram();
  const context = cli(() => program.opts<GlobalOptions>());
  program.hook('preAction', async (_root, action) => {
    // The catalog's SQLite (sql.js, WebAssembly) compiled by V8's baseline compiler only: optimizing its hot functions
    // in the background cost a one-command process ~50 MiB of peak memory and more CPU than it saved. Set before the
    // privacy notice first opens the catalog (which compiles the module). `serve` too: the optimized code held ~32 MiB
    // of its idle RSS, and 200 catalog-backed API requests took the same time either way (issue 14, item 6).
    // `scheduler run` keeps the optimizing tier (not measured).
    if (!optimizesWebAssembly.has(commandPath(action))) setFlagsFromString('--liftoff-only');
    // The workbench server keeps V8's young generation at the size it has when the command starts: the kernel's
    // start-up grew it to 2 x 16 MiB semi-spaces (24-30 MiB resident) that V8 had not shrunk after 15 s idle, while
    // 200 GET /jobs and /status took the same time either way (issue 14, item 6). Set at run time, a maximum
    // semi-space size has no effect (V8 reads it when the heap is set up); the growth factor is read at each growth.
    if (keepsYoungGenerationSmall.has(commandPath(action))) setFlagsFromString('--semi-space-growth-factor=1');
    await (await import('./commands/privacy-commands.js')).settlePrivacyNoticeBefore(program, action);
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
