import type { Command } from 'commander';
import { STAR } from '@timelocker/plugin-api/manifest';
import { PluginService, type PluginStatus } from '../../node/plugins/plugin-service.js';
import type { CliContext } from '../cli-context.js';
import { CommandExit } from '../exit-codes.js';
import { registerPluginManagementCommands } from './plugin-management-commands.js';

/** The plugin's problem in one cell: the activation error first (with when), then its other messages. */
function problems(p: PluginStatus): string {
  const error = p.error ? [`${p.error}${p.failedAt ? ` (${p.failedAt})` : ''}`] : [];
  return [...error, ...p.messages].join(' | ');
}

export function registerPluginCommands(program: Command, cli: CliContext): void {
  const plugins = program.command('plugins').alias('plugin').description('inspect, create, install and manage plugins');

  plugins.command('list').description('list plugins with their state (inactive, activating, active, failed, disabled, rejected) and messages')
    .option('--activate', 'activate every plugin first, to report activation errors and times (exit 1 when one fails)')
    .action(async (flags: { activate?: boolean }) => {
      await cli.withKernel(async (kernel) => {
        const service = kernel.get<PluginService>(PluginService);
        if (flags.activate) await service.activateByEvent(STAR);
        const list = service.listPlugins();
        cli.output.table(list, [
          ['ID', (p) => p.id],
          ['VERSION', (p) => p.version],
          ['STATE', (p) => p.state],
          ['ACTIVATION', (p) => (p.activationMs !== undefined ? `${p.activationMs.toFixed(1)} ms` : '')],
          ['MESSAGES', problems],
        ]);
        const failed = list.filter((p) => p.state === 'failed');
        if (flags.activate && failed.length > 0) {
          cli.output.error(`${failed.length} plugin${failed.length === 1 ? '' : 's'} failed to activate: ${failed.map((p) => p.id).join(', ')}`);
          throw new CommandExit('plugin-failed');
        }
      });
    });
  registerPluginManagementCommands(plugins, cli);
}
