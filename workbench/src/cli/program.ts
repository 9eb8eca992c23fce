import { Command, Option } from 'commander';
import { logFormats } from '../node/core/log-service.js';
import type { CliContext, GlobalOptions } from './cli-context.js';
import type { CliBackend } from './commands/backend-flags.js';
import { registerAuditCommands } from './commands/audit-commands.js';
import { registerBackupCommands } from './commands/backup-commands.js';
import { registerCatalogCommands } from './commands/catalog-commands.js';
import { registerConfigCommands } from './commands/config-commands.js';
import { registerHookCommands } from './commands/hook-commands.js';
import { registerCopyCommands } from './commands/copy-commands.js';
import { registerFileIndexCommands } from './commands/file-index-commands.js';
import { registerJobCommands } from './commands/job-commands.js';
import { registerPlanCommands } from './commands/plan-commands.js';
import { registerPluginCommands } from './commands/plugin-commands.js';
import { registerNotifyCommands } from './commands/notify-commands.js';
import { registerPolicyCommands } from './commands/policy-commands.js';
import { registerPrivacyCommands } from './commands/privacy-commands.js';
import { registerRepoCommands } from './commands/repo-commands.js';
import { registerReportCommands } from './commands/report-commands.js';
import { registerMaintenanceCommands } from './commands/maintenance-commands.js';
import { registerScheduleCommands } from './commands/schedule-commands.js';
import { registerSecretCommands } from './commands/secret-commands.js';
import { registerServeCommands } from './commands/serve-commands.js';
import { registerSnapshotCommands } from './commands/snapshot-commands.js';
import { registerStatusCommands } from './commands/status-commands.js';
import { collect } from './option-parsers.js';

export function createProgram(cli: (globals: () => GlobalOptions) => CliContext, backends: readonly CliBackend[]): Command {
  const program = new Command('timelocker')
    .description('TimeLocker — backups with restic, as config-as-code')
    // Only `-V` is the program's own flag: a long `--version` would be taken from any command (`restore --version N`);
    // main() turns a leading `--version` into `-V`.
    .version('0.1.0', '-V', 'output the version number (also --version, before any command)')
    .option('--config <FILE>', 'config file (default: $TIMELOCKER_CONFIG or the XDG config dir)')
    .option('--data-dir <DIR>', 'data dir for catalog, logs and plugins (default: $TIMELOCKER_DATA_DIR or the XDG data dir)')
    .option('--json', 'machine-readable output')
    .option('--plugin-dir <DIR>', 'load plugins from this folder too (repeatable)', collect)
    .option('--inspect-plugins [ADDRESS]', 'start the plugin host with the Node inspector on [host:]port (default 127.0.0.1:9229; 0 picks a free port) and print where to attach')
    .addOption(new Option('--log-format <FORMAT>', 'log lines as text or as one JSON object per line (default: logging.format in the config, else text)').choices([...logFormats]))
    .option('--accept-privacy-notice', 'accept the privacy notice without a prompt (for scripts)')
    .showHelpAfterError()
    .enablePositionalOptions(false);
  const context = cli(() => program.opts<GlobalOptions>());
  registerRepoCommands(program, context, backends);
  registerPlanCommands(program, context);
  registerHookCommands(program, context);
  registerBackupCommands(program, context);
  registerSnapshotCommands(program, context);
  registerFileIndexCommands(program, context);
  registerCopyCommands(program, context);
  registerJobCommands(program, context);
  registerConfigCommands(program, context);
  registerPluginCommands(program, context);
  registerPolicyCommands(program, context);
  registerSecretCommands(program, context);
  registerAuditCommands(program, context);
  registerCatalogCommands(program, context);
  registerPrivacyCommands(program, context);
  registerNotifyCommands(program, context);
  registerReportCommands(program, context);
  registerStatusCommands(program, context);
  registerMaintenanceCommands(program, context);
  registerScheduleCommands(program, context);
  registerServeCommands(program, context);
  return program;
}
