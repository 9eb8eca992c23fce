import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { ConfigService } from '../../node/config/config-service.js';
import { UsageError } from '../../node/core/errors.js';
import { PluginRequirementsService } from '../../node/plugin-requirements/plugin-requirements-service.js';
import type { CliContext } from '../cli-context.js';
import { CommandExit } from '../exit-codes.js';

export function registerConfigCommands(program: Command, cli: CliContext): void {
  const config = program.command('config').description('inspect and validate timelocker.json');

  config.command('validate [file]').description('validate a config file (default: the active one): schema, blocking policies, each backend\'s and notifier\'s own checks; warnings for entries whose plugin is unavailable; all with line:column')
    .action(async (file: string | undefined) => {
      await cli.withPluginKernel(async (kernel, token) => {
        const path = file ? resolve(file) : kernel.get<ConfigService>(ConfigService).configFile;
        const text = await readFile(path, 'utf8').catch((error: Error) => {
          throw new UsageError(`Cannot read ${path}: ${error.message}`);
        });
        const issues = await kernel.get<PluginRequirementsService>(PluginRequirementsService).validate(text, path, token);
        const valid = issues.every((i) => i.severity === 'warning');
        if (cli.output.json) cli.output.data({ file: path, valid, issues });
        else {
          for (const i of issues) cli.output.error(`${i.file}:${i.line}:${i.column}: ${i.severity === 'warning' ? 'warning: ' : ''}${i.jsonPath ? `${i.jsonPath}: ` : ''}${i.message}`);
          if (valid) cli.output.line(`${path}: valid${issues.length ? ` (${issues.length} warning${issues.length === 1 ? '' : 's'})` : ''}`);
        }
        if (!valid) throw new CommandExit('config');
      });
    });

  config.command('schema').description('print the composed JSON schema (kernel + every plugin contribution)')
    .action(async () => {
      await cli.withKernel(async (kernel) => {
        cli.output.data(kernel.get<ConfigService>(ConfigService).composedSchema());
      });
    });

  config.command('path').description('print the path of the active config file')
    .action(async () => {
      await cli.withKernel(async (kernel) => {
        const path = kernel.get<ConfigService>(ConfigService).configFile;
        if (cli.output.json) cli.output.data({ path });
        else cli.output.line(path);
      });
    });
}
