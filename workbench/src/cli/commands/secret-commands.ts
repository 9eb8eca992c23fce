import type { Command } from 'commander';
import { NotFoundError, UsageError } from '../../node/core/errors.js';
import { CredentialsService, repositoryAccount } from '../../node/credentials/credentials-service.js';
import type { CliContext } from '../cli-context.js';
import { askSecret, readAllStdin } from '../prompt.js';

export function registerSecretCommands(program: Command, cli: CliContext): void {
  const secret = program.command('secret').description('manage secrets in the OS keyring (values are never printed)');

  secret.command('set <repo> <field>').description('store a secret (e.g. password) for a repository; reads stdin or prompts')
    .action(async (repo: string, field: string) => {
      const value = process.stdin.isTTY ? await askSecret(`${repo}/${field}: `) : await readAllStdin();
      if (!value) throw new UsageError('Empty secret; nothing was stored.');
      await cli.withKernel(async (kernel) => {
        await kernel.get<CredentialsService>(CredentialsService).store(repositoryAccount(repo, field), value);
        if (cli.output.json) cli.output.data({ stored: repositoryAccount(repo, field) });
        else cli.output.line(`Stored ${repositoryAccount(repo, field)} in the keyring.`);
      });
    });

  secret.command('list [repo]').description('list stored secret names (never values)')
    .action(async (repo: string | undefined) => {
      await cli.withKernel(async (kernel) => {
        const accounts = await kernel.get<CredentialsService>(CredentialsService).list(repo ? `${repo}/` : undefined);
        cli.output.table(accounts.map((name) => ({ name })), [['NAME', (a) => a.name]]);
      });
    });

  secret.command('delete <repo> <field>').description('delete a stored secret')
    .action(async (repo: string, field: string) => {
      await cli.withKernel(async (kernel) => {
        const deleted = await kernel.get<CredentialsService>(CredentialsService).delete(repositoryAccount(repo, field));
        if (!deleted) throw new NotFoundError(`No secret ${repositoryAccount(repo, field)} in the keyring.`);
        if (cli.output.json) cli.output.data({ deleted: repositoryAccount(repo, field) });
        else cli.output.line(`Deleted ${repositoryAccount(repo, field)}.`);
      });
    });
}
