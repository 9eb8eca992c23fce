import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import type { Command } from 'commander';
import { AuditService, type AuditEntry, type AuditFilter, type AuditSeverity } from '../../node/audit/audit-service.js';
import { AuditServiceImpl } from '../../node/audit/audit-service-impl.js';
import { UsageError } from '../../node/core/errors.js';
import type { CliContext } from '../cli-context.js';
import { registerAuditSinkCommands } from './audit-sink-commands.js';
import { CommandExit } from '../exit-codes.js';

const severities: readonly AuditSeverity[] = ['info', 'warning', 'error', 'critical'];

interface FilterFlags {
  readonly since?: string;
  readonly until?: string;
  readonly type?: string;
  readonly severity?: string;
  readonly actor?: string;
}

/** An ISO time, a date, or a duration back from now (`90m`, `12h`, `7d`). */
export function parseTime(value: string, flag: string): string {
  const relative = /^(\d+)([mhd])$/.exec(value);
  if (relative) {
    const unit = { m: 60_000, h: 3_600_000, d: 86_400_000 }[relative[2] as 'm' | 'h' | 'd'];
    return new Date(Date.now() - Number(relative[1]) * unit).toISOString();
  }
  const time = new Date(value);
  if (Number.isNaN(time.getTime())) throw new UsageError(`${flag} expects a date/time (e.g. 2024-05-01 or 2024-05-01T12:00:00Z) or a duration like 7d, got "${value}".`);
  return time.toISOString();
}

function toFilter(flags: FilterFlags): AuditFilter {
  if (flags.severity && !severities.includes(flags.severity as AuditSeverity)) {
    throw new UsageError(`Unknown severity "${flags.severity}"; use one of ${severities.join(', ')}.`);
  }
  return {
    ...(flags.since ? { since: parseTime(flags.since, '--since') } : {}),
    ...(flags.until ? { until: parseTime(flags.until, '--until') } : {}),
    ...(flags.type ? { type: flags.type } : {}),
    ...(flags.severity ? { severity: flags.severity as AuditSeverity } : {}),
    ...(flags.actor ? { actor: flags.actor } : {}),
  };
}

function filterOptions(command: Command): Command {
  return command
    .option('--since <TIME>', 'entries at or after this time (ISO date/time or a duration back, e.g. 7d)')
    .option('--until <TIME>', 'entries at or before this time')
    .option('--type <TYPE>', 'entries of this type or type prefix (e.g. backup, secret.read)')
    .option('--severity <LEVEL>', `only this severity (${severities.join(', ')})`)
    .option('--actor <ACTOR>', 'only this actor (e.g. cli:alice, scheduler, plugin:timelocker.s3)');
}

async function writeLines(entries: readonly AuditEntry[], out: string | undefined): Promise<void> {
  const stream = out ? createWriteStream(out, { mode: 0o600 }) : process.stdout;
  for (const entry of entries) {
    if (!stream.write(`${JSON.stringify(entry)}\n`)) await once(stream, 'drain');
  }
  if (out) {
    stream.end();
    await once(stream, 'finish');
  }
}

export function registerAuditCommands(program: Command, cli: CliContext): void {
  const audit = program.command('audit').description('the tamper-evident audit log');

  filterOptions(audit.command('list').description('list audit entries, oldest first'))
    .option('--limit <N>', 'only the newest N matching entries')
    .action(async (flags: FilterFlags & { limit?: string }) => {
      const limit = flags.limit === undefined ? undefined : Number(flags.limit);
      if (limit !== undefined && (!Number.isInteger(limit) || limit < 1)) throw new UsageError(`--limit expects a positive integer, got "${flags.limit}".`);
      const filter = { ...toFilter(flags), ...(limit ? { limit } : {}) };
      await cli.withKernel(async (kernel) => {
        const entries = await kernel.get<AuditService>(AuditService).list(filter);
        cli.output.table(entries, [
          ['SEQ', (e) => String(e.seq)],
          ['TIME', (e) => e.time.replace('T', ' ').slice(0, 19)],
          ['SEVERITY', (e) => e.severity],
          ['TYPE', (e) => e.type],
          ['ACTOR', (e) => e.actor],
          ['TARGET', (e) => e.target ?? ''],
        ]);
      });
    });

  audit.command('verify').description('check the hash chain and its anchors; exit 1 naming the first bad entry when it was tampered with')
    .action(async () => {
      await cli.withKernel(async (kernel) => {
        const result = await kernel.get<AuditService>(AuditService).verify();
        if (cli.output.json) cli.output.data(result);
        else if (result.intact) cli.output.line(`Audit log intact: ${result.entries} entries, head ${result.headHash}.`);
        else cli.output.error(`Audit log DAMAGED at entry ${result.firstBad!.seq}: ${result.firstBad!.problem}`);
        if (!result.intact) throw new CommandExit('operation-failed');
      });
    });

  filterOptions(audit.command('export').description('export entries for a SIEM, one JSON object per line'))
    .option('--format <FORMAT>', 'output format (jsonl)', 'jsonl')
    .option('--out <FILE>', 'write to FILE instead of standard output')
    .action(async (flags: FilterFlags & { format: string; out?: string }) => {
      if (flags.format !== 'jsonl') throw new UsageError(`Unknown export format "${flags.format}"; use jsonl.`);
      const filter = toFilter(flags);
      await cli.withKernel(async (kernel) => {
        const service = kernel.container.get(AuditServiceImpl);
        const entries = Object.keys(filter).length > 0 ? await service.list(filter) : await service.entries();
        await writeLines(entries, flags.out);
        if (flags.out) process.stderr.write(`Exported ${entries.length} audit entries to ${flags.out}.\n`);
      });
    });
  registerAuditSinkCommands(audit, cli);
}
