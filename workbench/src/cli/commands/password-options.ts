import type { Command } from 'commander';
import type { AddRepositoryRequest } from '../../node/operations/repository-service.js';
import { UsageError } from '../../node/core/errors.js';
import { PASSWORD_ENV } from '../../node/operations/target-resolver-impl.js';
import { askSecret, readAllStdin } from '../prompt.js';

export interface PasswordFlags {
  readonly passwordStdin?: boolean;
  readonly passwordEnv?: string;
  readonly passwordFile?: string;
  readonly passwordCommand?: string;
}

export function addPasswordOptions(command: Command): Command {
  return command
    .option('--password-stdin', 'read the password from standard input and store it in the keyring')
    .option('--password-env <VAR>', 'read the password from this environment variable at every run (nothing stored)')
    .option('--password-file <FILE>', 'read the password from this file at every run (nothing stored)')
    .option('--password-command <CMD>', 'run this command to get the password at every run (nothing stored)');
}

/** Exactly one way to get the password: a stored value (keyring) or a source read at run time. */
export async function passwordFrom(flags: PasswordFlags, repository: string, confirm: boolean): Promise<AddRepositoryRequest['password']> {
  const sources = [flags.passwordEnv, flags.passwordFile, flags.passwordCommand, flags.passwordStdin].filter((v) => v !== undefined);
  if (sources.length > 1) throw new UsageError('Give only one of --password-stdin, --password-env, --password-file, --password-command.');
  if (flags.passwordEnv) return { source: { env: flags.passwordEnv } };
  if (flags.passwordFile) return { source: { file: flags.passwordFile } };
  if (flags.passwordCommand) return { source: { command: flags.passwordCommand } };
  if (flags.passwordStdin) return { value: nonEmpty(await readAllStdin()) };
  const typed = await askSecret(`New password for repository "${repository}": `);
  if (typed !== undefined) {
    if (confirm && (await askSecret('Repeat the password: ')) !== typed) throw new UsageError('The passwords do not match; nothing was changed.');
    return { value: nonEmpty(typed) };
  }
  const fromEnv = process.env[PASSWORD_ENV];
  if (fromEnv) return { value: fromEnv };
  throw new UsageError(`No password given for "${repository}": use --password-stdin, --password-env VAR, --password-file FILE or --password-command CMD (or set ${PASSWORD_ENV}).`);
}

function nonEmpty(password: string): string {
  if (password.length === 0) throw new UsageError('The password is empty; nothing was changed.');
  return password;
}
