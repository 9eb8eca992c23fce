import type { Command } from 'commander';
import { STAR } from '@timelocker/plugin-api/manifest';
import { PluginService } from '../../node/plugins/plugin-service.js';
import type { CliContext } from '../cli-context.js';
import { registerPluginManagementCommands } from './plugin-management-commands.js';

export function registerPluginCommands(program: Command, cli: CliContext): void {
  const plugins = program.command('plugins').alias('plugin').description('inspect, create, install and manage plugins');

  plugins.command('list').description('list plugins with their state and messages')
    .option('--activate', 'activate every plugin first, to report activation errors and times')
    .action(async (flags: { activate?: boolean }) => {
      await cli.withKernel(async (kernel) => {
        const service = kernel.get<PluginService>(PluginService);
        if (flags.activate) await service.activateByEvent(STAR);
        cli.output.table(service.listPlugins(), [
          ['ID', (p) => p.id],
          ['VERSION', (p) => p.version],
          ['STATE', (p) => (p.disabled ? 'disabled' : p.state)],
          ['ACTIVATION', (p) => (p.activationMs !== undefined ? `${p.activationMs.toFixed(1)} ms` : '')],
          ['MESSAGES', (p) => [...p.messages, ...(p.error ? [p.error] : [])].join(' | ')],
        ]);
      });
    });
  registerPluginManagementCommands(plugins, cli);
}
