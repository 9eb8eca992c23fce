import { CancellationTokenSource } from '@timelocker/plugin-api';
import { CommanderError } from 'commander';
import { CliContext } from './cli-context.js';
import { ExitCode, exitCodeFor, isExpectedError } from './exit-codes.js';
import { createProgram } from './program.js';

/** Runs one CLI command and resolves with the process exit code; user errors print one line, no stack trace. */
export async function main(argv: readonly string[]): Promise<number> {
  const interrupt = new CancellationTokenSource();
  process.on('SIGINT', () => interrupt.cancel());
  const program = createProgram((globals) => new CliContext(globals, interrupt.token));
  program.exitOverride();
  for (const command of program.commands) command.exitOverride();
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : ExitCode.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 || error.code === 'commander.helpDisplayed' || error.code === 'commander.version' ? ExitCode.ok : ExitCode.usage;
    }
    const code = interrupt.token.isCancellationRequested ? ExitCode.interrupted : exitCodeFor(error);
    if (error instanceof Error && error.message.startsWith('exit ')) return code;
    if (isExpectedError(error)) process.stderr.write(`error: ${(error as Error).message}\n`);
    else process.stderr.write(`internal error (please report): ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
    return code;
  }
}
