import { Option, type Command } from 'commander';
import { PluginManagementService } from '../../node/plugin-management/plugin-management-service.js';
import { scaffoldPlugin } from '../../node/plugin-scaffold/plugin-scaffold.js';
import { pluginKinds, type PluginKind } from '../../node/plugin-scaffold/plugin-templates.js';
import type { CliContext } from '../cli-context.js';

/** Authoring and management subcommands of `plugin` (alias `plugins`): new, install, uninstall, enable, disable. */
export function registerPluginManagementCommands(plugin: Command, cli: CliContext): void {
  plugin.command('new <name>').description('scaffold a plugin that builds and passes its test as generated')
    .addOption(new Option('--kind <kind>', 'what the plugin contributes').choices(pluginKinds).makeOptionMandatory())
    .option('--dir <DIR>', 'parent folder of the new plugin folder', '.')
    .option('--publisher <NAME>', 'manifest publisher (the plugin id is PUBLISHER.NAME)', 'local')
    .option('--api <SPEC>', 'npm spec of @timelocker/plugin-api (default: the API packed into this installation, workbench/sdk)')
    // Nested commands do not inherit the program's override: without it a bad --kind would exit 1, not 2.
    .exitOverride()
    .action(async (name: string, flags: { kind: PluginKind; dir: string; publisher: string; api?: string }) => {
      const result = await scaffoldPlugin({ name, kind: flags.kind, dir: flags.dir, publisher: flags.publisher, ...(flags.api ? { apiSpec: flags.api } : {}) });
      if (cli.output.json) return cli.output.data(result);
      cli.output.line(`Created ${result.pluginId} in ${result.path}:`);
      for (const file of result.files) cli.output.line(`  ${file}`);
      cli.output.line(`Next: cd ${result.path} && npm install && npm run build && npm test`);
    });

  plugin.command('install <source>').description('install a plugin folder or an `npm pack` tarball into <data-dir>/plugins (validated first)')
    .action(async (source: string) => {
      await cli.withKernel(async (kernel) => {
        const installed = await kernel.get<PluginManagementService>(PluginManagementService).install(source);
        if (cli.output.json) return cli.output.data(installed);
        cli.output.line(`Installed ${installed.id} ${installed.version}${installed.replaced ? ` (replaced ${installed.replaced})` : ''} in ${installed.path}`);
      });
    });

  plugin.command('uninstall <id>').description('remove an installed plugin (its plugin-data folder is kept)')
    .action(async (id: string) => {
      await cli.withKernel(async (kernel) => {
        await kernel.get<PluginManagementService>(PluginManagementService).uninstall(id);
        if (cli.output.json) return cli.output.data({ id, uninstalled: true });
        cli.output.line(`Uninstalled ${id}`);
      });
    });

  for (const [verb, enabled] of [['enable', true], ['disable', false]] as const) {
    plugin.command(`${verb} <id>`).description(`${verb} a plugin (persisted in <data-dir>/plugin-state.json; running workbenches reload)`)
      .action(async (id: string) => {
        await cli.withKernel(async (kernel) => {
          const status = await kernel.get<PluginManagementService>(PluginManagementService).setEnabled(id, enabled);
          if (cli.output.json) return cli.output.data(status ?? { id });
          cli.output.line(`${enabled ? 'Enabled' : 'Disabled'} ${id}`);
        });
      });
  }
}
