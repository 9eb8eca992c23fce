import type { Command } from 'commander';
import { AuditSinkService } from '../../node/audit-sinks/audit-sink-service.js';
import type { CliContext } from '../cli-context.js';
import { CommandExit } from '../exit-codes.js';

export function registerAuditSinkCommands(audit: Command, cli: CliContext): void {
  audit.command('sinks').description('configured audit sinks (auditSinks in the config) with the entries queued for each')
    .option('--deliver', 'deliver what is queued now (exit 1 when a sink cannot be reached)')
    .action(async (flags: { deliver?: boolean }) => {
      await cli.withKernel(async (kernel) => {
        const sinks = kernel.get<AuditSinkService>(AuditSinkService);
        const outcomes = flags.deliver ? await sinks.deliver() : [];
        cli.output.table(await sinks.list(), [
          ['NAME', (s) => s.name], ['TYPE', (s) => s.type], ['QUEUED', (s) => String(s.queued)], ['DROPPED', (s) => String(s.dropped)],
          ['LAST ERROR', (s) => s.lastError ?? ''],
        ]);
        if (outcomes.some((o) => o.error !== undefined)) throw new CommandExit('operation-failed');
      });
    });
}
