import type { Command } from 'commander';
import { AuditSinkService, type AuditSinkStatus } from '../../node/audit-sinks/audit-sink-service.js';
import type { CliContext } from '../cli-context.js';
import { CommandExit } from '../exit-codes.js';

/** `active`, or `inactive` with the plugin and its state in the words of `plugins list`. */
function stateOf(sink: AuditSinkStatus): string {
  if (!sink.inactive) return 'active';
  return sink.inactive.pluginId ? `inactive (plugin ${sink.inactive.pluginId} ${sink.inactive.state})` : 'inactive (no plugin installed)';
}

export function registerAuditSinkCommands(audit: Command, cli: CliContext): void {
  audit.command('sinks').description('configured audit sinks (auditSinks in the config) with the entries queued for each')
    .option('--deliver', 'deliver what is queued now (exit 1 when a sink cannot be reached)')
    .action(async (flags: { deliver?: boolean }) => {
      await cli.withKernel(async (kernel) => {
        const sinks = kernel.get<AuditSinkService>(AuditSinkService);
        const outcomes = flags.deliver ? await sinks.deliver() : [];
        const listed = await sinks.list();
        cli.output.table(listed, [
          ['NAME', (s) => s.name], ['TYPE', (s) => s.type], ['STATE', (s) => stateOf(s)],
          ['QUEUED', (s) => String(s.queued)], ['DROPPED', (s) => String(s.dropped)], ['LAST ERROR', (s) => s.lastError ?? ''],
        ]);
        // The same words as `status` and `config validate` for any other inactive entry.
        for (const sink of listed) if (sink.inactive) cli.output.error(`warning: ${sink.inactive.message}`);
        if (outcomes.some((o) => o.error !== undefined)) throw new CommandExit('operation-failed');
      });
    });
}
