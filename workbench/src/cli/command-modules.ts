import type { Command } from 'commander';
import type { CliContext } from './cli-context.js';

/** Registers one module's commands; `argv` is for what a module reads before parsing (`repo add`'s backend flags). */
export type RegisterCommands = (program: Command, cli: CliContext, argv: readonly string[]) => void | Promise<void>;

const simple = <K extends string>(load: () => Promise<Record<K, (program: Command, cli: CliContext) => void>>, name: K) =>
  async (): Promise<RegisterCommands> => (await load())[name];

/**
 * The CLI's command modules in help order, each imported only when the command line names one of its commands
 * (the bundle initializes a dynamically imported module on first import).
 */
export const commandModules: Readonly<Record<string, () => Promise<RegisterCommands>>> = {
  repo: async () => {
    const [{ registerRepoCommands }, { contributedBackends }] = await Promise.all([import('./commands/repo-commands.js'), import('./contributed-backends.js')]);
    return async (program, cli, argv) => registerRepoCommands(program, cli, await contributedBackends(argv));
  },
  plan: simple(() => import('./commands/plan-commands.js'), 'registerPlanCommands'),
  hooks: simple(() => import('./commands/hook-commands.js'), 'registerHookCommands'),
  backup: simple(() => import('./commands/backup-commands.js'), 'registerBackupCommands'),
  snapshot: simple(() => import('./commands/snapshot-commands.js'), 'registerSnapshotCommands'),
  fileIndex: simple(() => import('./commands/file-index-commands.js'), 'registerFileIndexCommands'),
  copy: simple(() => import('./commands/copy-commands.js'), 'registerCopyCommands'),
  job: simple(() => import('./commands/job-commands.js'), 'registerJobCommands'),
  config: simple(() => import('./commands/config-commands.js'), 'registerConfigCommands'),
  plugin: simple(() => import('./commands/plugin-commands.js'), 'registerPluginCommands'),
  policy: simple(() => import('./commands/policy-commands.js'), 'registerPolicyCommands'),
  secret: simple(() => import('./commands/secret-commands.js'), 'registerSecretCommands'),
  audit: simple(() => import('./commands/audit-commands.js'), 'registerAuditCommands'),
  catalog: simple(() => import('./commands/catalog-commands.js'), 'registerCatalogCommands'),
  privacy: simple(() => import('./commands/privacy-commands.js'), 'registerPrivacyCommands'),
  notify: simple(() => import('./commands/notify-commands.js'), 'registerNotifyCommands'),
  report: simple(() => import('./commands/report-commands.js'), 'registerReportCommands'),
  status: simple(() => import('./commands/status-commands.js'), 'registerStatusCommands'),
  maintenance: simple(() => import('./commands/maintenance-commands.js'), 'registerMaintenanceCommands'),
  schedule: simple(() => import('./commands/schedule-commands.js'), 'registerScheduleCommands'),
  serve: simple(() => import('./commands/serve-commands.js'), 'registerServeCommands'),
};
