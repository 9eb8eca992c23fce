import type { JobDto, SnapshotDto } from '@timelocker/plugin-api';
import type { Command } from 'commander';
import { CopyService, type PlanCopyStatus, type SnapshotCopy } from '../../node/copies/copy-service.js';
import type { Kernel } from '../../node/kernel.js';
import type { CliContext } from '../cli-context.js';
import { errorKindOf } from '../../node/core/errors.js';
import { CommandExit } from '../exit-codes.js';
import { noWorkbenchOption, runJobRequest } from '../job-request-runner.js';
import { collect } from '../option-parsers.js';
import type { Output } from '../output.js';

const when = (iso: string): string => iso.replace('T', ' ').slice(0, 16);

/** `offsite:1a2b3c4d ✓ 2024-05-01 10:00` per copy; unverified copies (made elsewhere) without the mark. */
export function describeCopies(copies: readonly SnapshotCopy[] | undefined): string {
  return (copies ?? []).map((c) => `${c.repository}:${c.shortId}${c.verifiedAt ? ` ✓ ${when(c.verifiedAt)}` : ''}`).join(', ') || '-';
}

/** `2/2`, or `1/2 (missing: s3)`; with no backup yet, `no snapshot`. */
export function describePlanCopies(status: PlanCopyStatus | undefined): string {
  if (!status) return '-';
  if (!status.latestSnapshot) return 'no snapshot yet';
  const have = `${status.copies.length}/${status.wanted.length}`;
  return status.missing.length ? `${have} (missing: ${status.missing.join(', ')})` : have;
}

export async function snapshotsWithCopies(kernel: Kernel, snapshots: readonly SnapshotDto[], token: Parameters<CopyService['copiesOf']>[0]): Promise<Array<SnapshotDto & { copies: SnapshotCopy[] }>> {
  const copies = await kernel.get<CopyService>(CopyService).copiesOf(token);
  return snapshots.map((s) => ({ ...s, copies: copies.get(s.id) ?? [] }));
}

function report(output: Output, runs: ReadonlyArray<{ destination: string; job: JobDto; cause?: unknown; retention?: { job: JobDto; cause?: unknown } }>): void {
  if (output.json) output.data(runs.map((r) => ({ destination: r.destination, job: r.job, ...(r.retention ? { retention: r.retention.job } : {}) })));
  let failure: unknown;
  let failed = false;
  for (const run of runs) {
    for (const { job, cause } of [run, ...(run.retention ? [run.retention] : [])]) {
      if (job.status === 'succeeded') {
        if (!output.json) output.line(job.kind === 'copy' ? `Copied ${String(job.summary?.['copied'] ?? 0)} snapshot(s) to "${run.destination}", verified (job ${job.id}).` : `${job.kind} in "${run.destination}": succeeded (job ${job.id})`);
        continue;
      }
      output.error(`${job.kind} to "${run.destination}" ${job.status}: ${job.error ?? 'no details'} (job ${job.id})`);
      failed = true;
      failure ??= cause;
    }
  }
  if (failed) throw new CommandExit(failure !== undefined ? errorKindOf(failure) : 'operation-failed');
}

export function registerCopyCommands(program: Command, cli: CliContext): void {
  program.command('copy <plan>').description("copy the plan's new snapshots to its copyTo repositories (or --to) with restic copy, verify them, then apply each destination's retention")
    .option('--to <REPO>', 'copy to this repository instead of the plan\'s copyTo (repeatable)', collect)
    .addOption(noWorkbenchOption())
    .action(async (plan: string, flags: { to?: string[]; workbench?: boolean }) => {
      report(cli.output, await runJobRequest(cli, { kind: 'copy', plan, ...(flags.to ? { to: flags.to } : {}) }, {}, flags.workbench));
    });
}
