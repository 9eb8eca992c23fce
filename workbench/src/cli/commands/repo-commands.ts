import type { Command } from 'commander';
import type { CancellationToken, ConnectionTestResult, JsonObject, JsonValue } from '@timelocker/plugin-api';
import type { Kernel } from '../../node/kernel.js';
import { ProviderCapabilityError } from '../../node/plugins/plugin-errors.js';
import { PASSWORD_ENV } from '../../node/credentials/credentials-service.js';
import { readStdinLines } from '../prompt.js';
import { excessiveNestingAt, excessiveNestingMessage } from '../../node/config/json-depth.js';
import { UsageError } from '../../node/core/errors.js';
import { type AddRepositoryRequest, RepositoryAlreadyInitialized, RepositoryService } from '../../node/operations/repository-service.js';
import { outcomeOf } from '../../node/jobs/job-service.js';
import type { CliContext } from '../cli-context.js';
import { reportJob } from './job-report.js';
import { addBackendFlags, assertRequiredSettings, backendSettingsFrom, type CliBackend } from './backend-flags.js';
import { addSecretFlags, type SecretDestination, type SecretFlagSpec, secretInputs } from './secret-flags.js';
import { CredentialsService, passwordFileDir } from '../../node/credentials/credentials-service.js';
import { KernelOptions } from '../../node/core/kernel-options.js';
import { collect } from '../option-parsers.js';

interface AddFlags {
  readonly backend: string;
  readonly set?: readonly string[];
  readonly [flag: string]: unknown;
}

/** Generic `--set key=value` (values parsed as JSON when they are JSON) on top of the typed backend flags. */
function withAssignments(settings: JsonObject, assignments: readonly string[]): JsonObject {
  const result: Record<string, JsonValue> = { ...settings };
  for (const assignment of assignments) {
    const eq = assignment.indexOf('=');
    if (eq <= 0) throw new UsageError(`--set expects KEY=VALUE, got "${assignment}".`);
    const raw = assignment.slice(eq + 1);
    if (excessiveNestingAt(raw) !== undefined) throw new UsageError(`--set ${assignment.slice(0, eq)}: the value ${excessiveNestingMessage}.`);
    let value: JsonValue = raw;
    try {
      value = JSON.parse(raw) as JsonValue;
    } catch {
      // Not JSON: keep the plain string.
    }
    result[assignment.slice(0, eq)] = value;
  }
  return result;
}

function secretSpecs(backend: CliBackend | undefined, confirmPassword: boolean): SecretFlagSpec[] {
  return [
    { id: 'password', label: 'repository password', optional: false, confirm: confirmPassword, fallback: () => process.env[PASSWORD_ENV] },
    ...(backend?.secrets ?? []).map((s) => ({ id: s.id, label: s.label, optional: s.optional ?? false, confirm: false })),
  ];
}

function secretDestination(kernel: Kernel, name: string): SecretDestination {
  const dir = passwordFileDir(kernel.get<KernelOptions>(KernelOptions).dataDir);
  let status: ReturnType<CredentialsService['keyringStatus']> | undefined;
  return {
    keyring: () => (status ??= kernel.get<CredentialsService>(CredentialsService).keyringStatus()),
    suggestedFile: (field) => `${dir}/${name}${field === 'password' ? '' : `.${field}`}.password`,
  };
}

async function addRequest(name: string, flags: AddFlags, backends: readonly CliBackend[], confirm: boolean, kernel: Kernel): Promise<AddRepositoryRequest> {
  const backend = backends.find((b) => b.names.includes(flags.backend));
  const settings = withAssignments(backend ? backendSettingsFrom(backend, backends, flags) : {}, flags.set ?? []);
  // Before any password prompt: a missing flag is known without one.
  if (backend) assertRequiredSettings(backend, settings);
  const inputs = await secretInputs(flags, secretSpecs(backend, confirm), `repository "${name}"`, readStdinLines, secretDestination(kernel, name));
  const password = inputs.get('password');
  if (!password) throw new UsageError(`No password given for "${name}".`);
  inputs.delete('password');
  return {
    name,
    backend: flags.backend,
    settings,
    password,
    secrets: Object.fromEntries(inputs),
  };
}

function addRepositoryOptions(command: Command, backends: readonly CliBackend[]): Command {
  command
    .requiredOption('--backend <ID>', `storage backend (${backends.map((b) => b.id).join(', ') || 'none installed'})`)
    .option('--set <KEY=VALUE>', 'any other backend setting (repeatable; JSON values allowed)', collect);
  addBackendFlags(command, backends);
  const secretFields = new Map<string, SecretFlagSpec>();
  for (const backend of [undefined, ...backends]) for (const spec of secretSpecs(backend, false)) secretFields.set(spec.id, spec);
  for (const spec of secretFields.values()) addSecretFlags(command, spec);
  return command;
}

/** The connection test's result, or undefined for a backend without one. */
async function showConnectionTest(cli: CliContext, kernel: Kernel, name: string, token: CancellationToken): Promise<ConnectionTestResult | undefined> {
  try {
    const result = await kernel.get<RepositoryService>(RepositoryService).test(name, token);
    if (!cli.output.json) cli.output.line(`Connection test: ${result.status}: ${result.message}`);
    return result;
  } catch (error) {
    if (!(error instanceof ProviderCapabilityError)) throw error;
    return undefined;
  }
}

/** What to do after `repo add`, by what the connection test found: init only where no repository is yet. */
function nextStepAfterAdd(name: string, test: ConnectionTestResult | undefined): string {
  switch (test?.status) {
    case undefined:
      return `Next: timelocker repo init ${name}   (unless a restic repository is there already: then it is ready to use)`;
    case 'ok':
      return `Ready: the restic repository is there already, no init needed. See what it holds: timelocker snapshots --repo ${name} --refresh; `
        + `back up into it: timelocker plan add PLAN --repo ${name} --path FOLDER`;
    case 'not-found':
      return `Next: timelocker repo init ${name}`;
    default:
      return `Next: ${test?.hint ?? 'fix the connection (see above)'}; then check it again: timelocker repo test ${name}`;
  }
}

export function registerRepoCommands(program: Command, cli: CliContext, backends: readonly CliBackend[]): void {
  const repo = program.command('repo').description('manage repositories');

  addRepositoryOptions(repo.command('add <name>').description('add a repository to the config (secrets go to the keyring; without one, to a file, a variable or a command you choose)'), backends)
    .action(async (name: string, flags: AddFlags) => {
      await cli.withPluginKernel(async (kernel, token) => {
        const request = await addRequest(name, flags, backends, true, kernel);
        const added = await kernel.get<RepositoryService>(RepositoryService).add(request, token);
        if (cli.output.json) cli.output.data(added);
        else cli.output.line(`Added repository "${name}" (${flags.backend}).`);
        const test = await showConnectionTest(cli, kernel, name, token);
        if (!cli.output.json) cli.output.line(nextStepAfterAdd(name, test));
      });
    });

  addRepositoryOptions(repo.command('adopt <name>').description('add an existing plain-restic repository'), backends)
    .action(async (name: string, flags: AddFlags) => {
      await cli.withPluginKernel(async (kernel, token) => {
        const request = await addRequest(name, flags, backends, false, kernel);
        const snapshots = await kernel.get<RepositoryService>(RepositoryService).adopt(request, token);
        if (cli.output.json) cli.output.data({ repository: name, snapshots });
        else cli.output.line(`Adopted repository "${name}" with ${snapshots.length} snapshot(s).`);
      });
    });

  repo.command('init <name>').description('create the restic repository at its configured location')
    .option('--like <SOURCE>', "take the chunker parameters of repository SOURCE (restic init --copy-chunker-params), so copies from it deduplicate")
    .option('--confirm-path <LOCATION>', 'needed for a repository that had snapshots: its location, to create a new, empty repository there although the old one is not found')
    .action(async (name: string, flags: { like?: string; confirmPath?: string }) => {
      await cli.withPluginKernel(async (kernel, token) => {
        const run = await outcomeOf(kernel.get<RepositoryService>(RepositoryService).init(name, flags, token)).catch((error: unknown) => {
          // The goal of the command holds already: a note, not a failure.
          if (!(error instanceof RepositoryAlreadyInitialized)) throw error;
          if (cli.output.json) cli.output.data({ repository: name, alreadyInitialized: true, location: error.location, snapshots: error.snapshots });
          else cli.output.line(error.message);
          return undefined;
        });
        if (!run) return;
        reportJob(cli.output, run, `Initialized repository "${name}"${flags.like ? ` with the chunker parameters of "${flags.like}"` : ''}.`);
      });
    });

  repo.command('list').description('list repositories')
    .action(async () => {
      await cli.withKernel(async (kernel) => {
        const repositories = await kernel.get<RepositoryService>(RepositoryService).list();
        cli.output.table(repositories, [
          ['NAME', (r) => r.name],
          ['BACKEND', (r) => r.backend],
          ['LOCATION', (r) => r.location ?? '-'],
        ]);
      });
    });

  repo.command('test <name>').description('check that the repository is reachable')
    .action(async (name: string) => {
      await cli.withPluginKernel(async (kernel, token) => {
        const result = await kernel.get<RepositoryService>(RepositoryService).test(name, token);
        if (cli.output.json) cli.output.data(result);
        else cli.output.line(`${result.status}: ${result.message}${result.hint ? `\n${result.hint}` : ''}`);
        if (result.status !== 'ok') process.exitCode = 1;
      });
    });

  repo.command('rename <name> <new-name>').description('rename a repository; its keyring secrets, plans and policies follow')
    .action(async (name: string, newName: string) => {
      await cli.withKernel(async (kernel) => {
        const result = await kernel.get<RepositoryService>(RepositoryService).rename(name, newName);
        if (cli.output.json) cli.output.data({ renamed: name, to: newName, ...result });
        else cli.output.line(`Renamed repository "${name}" to "${newName}"${result.movedSecrets.length ? `; moved ${result.movedSecrets.length} secret(s) in the keyring` : ''}.`);
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
