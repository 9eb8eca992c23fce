import { CancellationTokenSource } from '@timelocker/plugin-api';
import { type Command, CommanderError } from 'commander';
import { resolveKernelOptions } from '../node/kernel-paths.js';
import { startKernel } from '../node/kernel.js';
import { ContributionRegistry, displayId } from '../node/plugins/contribution-registry.js';
import { CliContext } from './cli-context.js';
import { CommandExit, ExitCode, exitCodeFor, isExpectedError } from './exit-codes.js';
import { createProgram } from './program.js';
import type { CliBackend } from './commands/backend-flags.js';

/** Backend flags of `repo add` come from plugin manifests, read before parsing (static, nothing activated). */
async function contributedBackends(argv: readonly string[]): Promise<CliBackend[]> {
  const valuesOf = (flag: string): string[] => argv.flatMap((arg, i) =>
    arg === flag && argv[i + 1] !== undefined ? [argv[i + 1]!] : arg.startsWith(`${flag}=`) ? [arg.slice(flag.length + 1)] : []);
  const dataDir = valuesOf('--data-dir')[0];
  const options = resolveKernelOptions({ ...(dataDir ? { dataDir } : {}), extraPluginDirs: valuesOf('--plugin-dir') });
  const kernel = await startKernel(options, { start: false });
  try {
    return kernel.get<ContributionRegistry>(ContributionRegistry).get('backends').map((c) => ({ ...c.entry, id: displayId(c), names: [...c.aliases, c.entry.id] }));
  } finally {
    await kernel.stop();
  }
}

/** Runs one CLI command and resolves with the process exit code; user errors print one line, no stack trace. */
export async function main(argv: readonly string[]): Promise<number> {
  const interrupt = new CancellationTokenSource();
  process.on('SIGINT', () => interrupt.cancel());
  const program = createProgram((globals) => new CliContext(globals, interrupt.token), await contributedBackends(argv));
  // Every level, so that a bad option of `hooks add` is a usage error (2) like one of `backup`.
  const overrideExit = (command: Command): void => {
    command.exitOverride();
    for (const sub of command.commands) overrideExit(sub);
  };
  overrideExit(program);
  try {
    await program.parseAsync(argv[0] === '--version' ? ['-V', ...argv.slice(1)] : [...argv], { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : ExitCode.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 || error.code === 'commander.helpDisplayed' || error.code === 'commander.version' ? ExitCode.ok : ExitCode.usage;
    }
    const code = interrupt.token.isCancellationRequested ? ExitCode.interrupted : exitCodeFor(error);
    if (error instanceof CommandExit) return code;
    if (isExpectedError(error)) process.stderr.write(`error: ${(error as Error).message}\n`);
    else process.stderr.write(`internal error (please report): ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
    return code;
  }
}
