import { CancellationTokenSource } from '@timelocker/plugin-api';
import { CliContext } from './cli-context.js';
import type { CommandManifest, ModuleEntry } from './command-manifest.js';
import type { EarlyPluginHost } from './early-plugin-host.js';
import { errorKindOf } from '../node/core/errors.js';
import { CommandExit, ExitCode, exitCodeFor, isExpectedError } from './exit-codes.js';
import { createProgram, describeCommandModules } from './program.js';
import { runProgram } from './root-program.js';

/**
 * Runs one CLI command and resolves with the process exit code; user errors print one line, no stack trace. The
 * command's kernel adopts `earlyHost` as its plugin host.
 */
export async function main(argv: readonly string[], manifest: CommandManifest, earlyHost?: EarlyPluginHost): Promise<number> {
  const interrupt = new CancellationTokenSource();
  process.on('SIGINT', () => interrupt.cancel());
  let context: CliContext | undefined;
  try {
    const program = await createProgram((globals) => (context = new CliContext(globals, interrupt.token, earlyHost)), argv, manifest);
    return await runProgram(program, argv);
  } catch (error) {
    const code = interrupt.token.isCancellationRequested ? ExitCode.interrupted : exitCodeFor(error);
    if (error instanceof CommandExit) return code;
    // A script reading --json output gets the failure as JSON too; people read the line on stderr.
    if (context?.output.json ?? argv.includes('--json')) {
      process.stdout.write(`${JSON.stringify({ error: { kind: errorKindOf(error), message: error instanceof Error ? error.message : String(error), exitCode: code } })}\n`);
    }
    if (isExpectedError(error)) process.stderr.write(`error: ${(error as Error).message}\n`);
    else process.stderr.write(`internal error (please report): ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
    return code;
  } finally {
    // The kernel the privacy notice was settled with, when the command did not start it.
    await context?.release();
  }
}

/** Build step (see command-manifest.ts): every command module's top-level commands. */
export function describeCommands(): Promise<ModuleEntry[]> {
  return describeCommandModules((globals) => new CliContext(globals, new CancellationTokenSource().token));
}
