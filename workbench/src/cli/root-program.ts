import { Command, CommanderError, Option } from 'commander';
import { ExitCode } from '../node/core/exit-code.js';
import { logFormats } from '../node/core/log-service.js';
import { collect } from './option-parsers.js';

/** The program with the global flags and no commands: light enough for the CLI's entry to answer `--help` alone. */
export function createRootProgram(): Command {
  return new Command('timelocker')
    .description('TimeLocker — backups with restic, as config-as-code')
    // Only `-V` is the program's own flag: a long `--version` would be taken from any command (`restore --version N`);
    // runProgram() turns a leading `--version` into `-V`.
    .version('0.1.0', '-V', 'output the version number (also --version, before any command)')
    .option('--config <FILE>', 'config file (default: $TIMELOCKER_CONFIG or the XDG config dir)')
    .option('--data-dir <DIR>', 'data dir for catalog, logs and plugins (default: $TIMELOCKER_DATA_DIR or the XDG data dir)')
    .option('--json', 'machine-readable output')
    .option('--plugin-dir <DIR>', 'also load the plugin in DIR, the folder holding its package.json (repeat for more plugins)', collect)
    .option('--inspect-plugins [ADDRESS]', 'start the plugin host with the Node inspector on [host:]port (default 127.0.0.1:9229; 0 picks a free port) and print where to attach')
    .addOption(new Option('--log-format <FORMAT>', 'log lines as text or as one JSON object per line (default: logging.format in the config, else text)').choices([...logFormats]))
    .option('--accept-privacy-notice', 'accept the privacy notice without a prompt (for scripts)')
    .showHelpAfterError()
    .enablePositionalOptions(false);
}

/**
 * Parses `argv` and runs the command it names; resolves with the exit code. Help, version and usage errors end here
 * (0 or 2); anything a command throws is left to the caller.
 */
export async function runProgram(program: Command, argv: readonly string[]): Promise<number> {
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
    if (!(error instanceof CommanderError)) throw error;
    return error.exitCode === 0 || error.code === 'commander.helpDisplayed' || error.code === 'commander.version' ? ExitCode.ok : ExitCode.usage;
  }
}
