import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { ConfigService } from '../../node/config/config-service.js';
import { UsageError } from '../../node/core/errors.js';
import type { CliContext } from '../cli-context.js';
import { CommandExit } from '../exit-codes.js';

export function registerConfigCommands(program: Command, cli: CliContext): void {
  const config = program.command('config').description('inspect and validate timelocker.json');

  config.command('validate [file]').description('validate a config file (default: the active one): schema, then blocking policies; all errors with line:column')
    .action(async (file: string | undefined) => {
      await cli.withPluginKernel(async (kernel) => {
        const service = kernel.get<ConfigService>(ConfigService);
        const path = file ? resolve(file) : service.configFile;
        const text = await readFile(path, 'utf8').catch((error: Error) => {
          throw new UsageError(`Cannot read ${path}: ${error.message}`);
        });
        const issues = await service.validate(text, path);
        if (cli.output.json) cli.output.data({ file: path, valid: issues.length === 0, issues });
        else if (issues.length === 0) cli.output.line(`${path}: valid`);
        else for (const i of issues) cli.output.error(`${i.file}:${i.line}:${i.column}: ${i.jsonPath ? `${i.jsonPath}: ` : ''}${i.message}`);
        if (issues.length > 0) throw new CommandExit('config');
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
