import type { Command } from 'commander';
import type { JsonObject, JsonValue } from '@timelocker/plugin-api';
import { UsageError } from '../../node/core/errors.js';
import { type AddRepositoryRequest, RepositoryService } from '../../node/operations/repository-service.js';
import type { CliContext } from '../cli-context.js';
import { reportJob } from './job-report.js';
import { addPasswordOptions, type PasswordFlags, passwordFrom } from './password-options.js';

interface AddFlags extends PasswordFlags {
  readonly backend: string;
  readonly path?: string;
  readonly set?: readonly string[];
}

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** `--path` plus generic `--set key=value` for any key of the backend's configSchema (values parsed as JSON when they are JSON). */
function backendSettings(flags: AddFlags): JsonObject {
  const settings: Record<string, JsonValue> = {};
  if (flags.path !== undefined) settings['path'] = flags.path;
  for (const assignment of flags.set ?? []) {
    const eq = assignment.indexOf('=');
    if (eq <= 0) throw new UsageError(`--set expects KEY=VALUE, got "${assignment}".`);
    const raw = assignment.slice(eq + 1);
    let value: JsonValue = raw;
    try {
      value = JSON.parse(raw) as JsonValue;
    } catch {
      // Not JSON: keep the plain string.
    }
    settings[assignment.slice(0, eq)] = value;
  }
  return settings;
}

async function addRequest(name: string, flags: AddFlags, confirm: boolean): Promise<AddRepositoryRequest> {
  return { name, backend: flags.backend, settings: backendSettings(flags), password: await passwordFrom(flags, name, confirm) };
}

function addRepositoryOptions(command: Command): Command {
  return addPasswordOptions(command
    .requiredOption('--backend <ID>', 'storage backend (e.g. local)')
    .option('--path <DIR>', 'repository location for path-based backends (absolute)')
    .option('--set <KEY=VALUE>', 'another backend setting (repeatable)', collect));
}

export function registerRepoCommands(program: Command, cli: CliContext): void {
  const repo = program.command('repo').description('manage repositories');

  addRepositoryOptions(repo.command('add <name>').description('add a repository to the config (password goes to the keyring)'))
    .action(async (name: string, flags: AddFlags) => {
      const request = await addRequest(name, flags, true);
      await cli.withKernel(async (kernel, token) => {
        const added = await kernel.get<RepositoryService>(RepositoryService).add(request, token);
        if (cli.output.json) cli.output.data(added);
        else cli.output.line(`Added repository "${name}" (${flags.backend}). Next: timelocker repo init ${name}`);
      });
    });

  addRepositoryOptions(repo.command('adopt <name>').description('add an existing plain-restic repository'))
    .action(async (name: string, flags: AddFlags) => {
      const request = await addRequest(name, flags, false);
      await cli.withKernel(async (kernel, token) => {
        const snapshots = await kernel.get<RepositoryService>(RepositoryService).adopt(request, token);
        if (cli.output.json) cli.output.data({ repository: name, snapshots });
        else cli.output.line(`Adopted repository "${name}" with ${snapshots.length} snapshot(s).`);
      });
    });

  repo.command('init <name>').description('create the restic repository at its configured location')
    .action(async (name: string) => {
      await cli.withKernel(async (kernel, token) => {
        const run = await kernel.get<RepositoryService>(RepositoryService).init(name, token);
        reportJob(cli.output, run, `Initialized repository "${name}".`);
      });
    });

  repo.command('list').description('list repositories')
    .action(async () => {
      await cli.withKernel(async (kernel) => {
        const repositories = await kernel.get<RepositoryService>(RepositoryService).list();
        cli.output.table(repositories, [
          ['NAME', (r) => r.name],
          ['BACKEND', (r) => r.backend],
          ['LOCATION', (r) => String(r.config['path'] ?? r.config['endpoint'] ?? r.config['host'] ?? '')],
        ]);
      });
    });

  repo.command('test <name>').description('check that the repository is reachable')
    .action(async (name: string) => {
      await cli.withKernel(async (kernel, token) => {
        const result = await kernel.get<RepositoryService>(RepositoryService).test(name, token);
        if (cli.output.json) cli.output.data(result);
        else cli.output.line(`${result.status}: ${result.message}${result.hint ? `\n${result.hint}` : ''}`);
        if (result.status !== 'ok') process.exitCode = 1;
      });
    });

  repo.command('remove <name>').description('remove a repository from the config (its backup data is kept)')
    .option('--delete-secrets', 'also delete its secrets from the keyring')
    .action(async (name: string, flags: { deleteSecrets?: boolean }) => {
      await cli.withKernel(async (kernel) => {
        const result = await kernel.get<RepositoryService>(RepositoryService).remove(name, { deleteSecrets: flags.deleteSecrets ?? false });
        if (cli.output.json) cli.output.data({ removed: name, ...result });
        else cli.output.line(`Removed repository "${name}" from the config; its backup data was not touched.${result.deletedSecrets.length ? ` Deleted ${result.deletedSecrets.length} secret(s).` : ''}`);
      });
    });
}
