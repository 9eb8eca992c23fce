import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import type { Command } from 'commander';
import type { CancellationToken } from '@timelocker/plugin-api';
import { AuditAnchors } from '../../node/operations/audit-anchors.js';
import { AuditService, type AuditEntry, type AuditFilter, type AuditSeverity, type AuditVerification } from '../../node/audit/audit-service.js';
import type { Kernel } from '../../node/kernel.js';
import { AuditServiceImpl } from '../../node/audit/audit-service-impl.js';
import { UsageError } from '../../node/core/errors.js';
import { parseTimeBound } from '../../node/core/time-period.js';
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

function toFilter(flags: FilterFlags): AuditFilter {
  if (flags.severity && !severities.includes(flags.severity as AuditSeverity)) {
    throw new UsageError(`Unknown severity "${flags.severity}"; use one of ${severities.join(', ')}.`);
  }
  return {
    ...(flags.since ? { since: parseTimeBound(flags.since, { field: '--since' }) } : {}),
    ...(flags.until ? { until: parseTimeBound(flags.until, { end: true, field: '--until' }) } : {}),
    ...(flags.type ? { type: flags.type } : {}),
    ...(flags.severity ? { severity: flags.severity as AuditSeverity } : {}),
    ...(flags.actor ? { actor: flags.actor } : {}),
  };
}

function filterOptions(command: Command): Command {
  return command
    .option('--since <TIME>', 'entries at or after this time (ISO date/time or a duration back, e.g. 7d)')
    .option('--until <TIME>', 'entries before this time (a date includes that whole day)')
    .option('--type <TYPE>', 'entries of this type or type prefix (e.g. backup, secret.read)')
    .option('--severity <LEVEL>', `only this severity (${severities.join(', ')})`)
    .option('--actor <ACTOR>', 'only this actor (e.g. cli:alice, scheduler, plugin:timelocker.s3)');
}

async function writeLines(entries: AsyncIterable<AuditEntry> | readonly AuditEntry[], out: string | undefined): Promise<number> {
  const stream = out ? createWriteStream(out, { mode: 0o600 }) : process.stdout;
  let count = 0;
  for await (const entry of entries) {
    count++;
    if (!stream.write(`${JSON.stringify(entry)}\n`)) await once(stream, 'drain');
  }
  if (out) {
    stream.end();
    await once(stream, 'finish');
  }
  return count;
}

function describeVerification(result: AuditVerification): string {
  const keyed = result.keyed ? `, keyed from entry ${result.keyed.fromSeq} (key ${result.keyed.keyId})` : '';
  const anchors = result.anchors
    ? `; ${result.anchors.matched} of ${result.anchors.checked} head(s) recorded in the snapshots of ${result.anchors.repository ?? 'the repository'} match${result.anchors.rotatedOut ? ` (${result.anchors.rotatedOut} older than the kept log)` : ''}`
    : '';
  return `Audit log intact: ${result.entries} entries, head ${result.headHash}${keyed}${anchors}.`;
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

  audit.command('verify').description('check the keyed hash chain and the recorded heads; exit 1 naming the first bad entry when it was tampered with')
    .option('--against <REPO>', "also compare with the audit heads recorded in that repository's snapshots (off-site: catches a rewritten log)")
    .action(async (flags: { against?: string }) => {
      const verify = async (kernel: Kernel, token: CancellationToken): Promise<void> => {
        const result = flags.against
          ? await kernel.container.get(AuditAnchors).verifyAgainst(flags.against, token)
          : await kernel.get<AuditService>(AuditService).verify();
        if (cli.output.json) cli.output.data(result);
        else if (result.intact) cli.output.line(describeVerification(result));
        else cli.output.error(`Audit log DAMAGED at entry ${result.firstBad!.seq}: ${result.firstBad!.problem}`);
        if (!result.intact) throw new CommandExit('operation-failed');
      };
      await (flags.against ? cli.withPluginKernel(verify) : cli.withKernel(verify));
    });

  filterOptions(audit.command('export').description('export entries for a SIEM, one JSON object per line'))
    .option('--format <FORMAT>', 'output format (jsonl)', 'jsonl')
    .option('--out <FILE>', 'write to FILE instead of standard output')
    .action(async (flags: FilterFlags & { format: string; out?: string }) => {
      if (flags.format !== 'jsonl') throw new UsageError(`Unknown export format "${flags.format}"; use jsonl.`);
      const filter = toFilter(flags);
      await cli.withKernel(async (kernel) => {
        const service = kernel.container.get(AuditServiceImpl);
        const count = await writeLines(Object.keys(filter).length > 0 ? await service.list(filter) : service.stream(), flags.out);
        if (flags.out) process.stderr.write(`Exported ${count} audit entries to ${flags.out}.\n`);
      });
    });
  registerAuditSinkCommands(audit, cli);
}
