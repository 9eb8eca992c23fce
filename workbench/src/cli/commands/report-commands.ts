import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { writeFileAtomic } from '../../node/core/durable-files.js';
import { UsageError } from '../../node/core/errors.js';
import { parsePeriod } from '../../node/core/time-period.js';
import { ReportService, type ReportType, reportTypes } from '../../node/reports/report-service.js';
import type { CliContext } from '../cli-context.js';
import { CommandExit } from '../exit-codes.js';

interface ReportFlags {
  readonly format: string;
  readonly from?: string;
  readonly to?: string;
  readonly repo?: string;
  readonly out: string;
}

export function registerReportCommands(program: Command, cli: CliContext): void {
  const report = program.command('report').description(`generate a report (${reportTypes.join(', ')}) or verify one`);

  for (const type of reportTypes) {
    report.command(type).description(`generate the ${type} report`)
      .requiredOption('--format <FORMAT>', 'csv, pdf, json, html (any contributed report format)')
      .requiredOption('--out <FILE>', 'file to write')
      .option('--from <TIME>', 'start of the period: YYYY-MM-DD, ISO time, or an age such as 30d')
      .option('--to <TIME>', 'end of the period (a date includes that whole day)')
      .option('--repo <NAME>', 'only this repository')
      .action((flags: ReportFlags) => generate(cli, type, flags));
  }

  report.command('verify <file>').description("recompute a JSON or CSV report's data digest; exit 1 if the data was changed")
    .action(async (file: string) => {
      const content = await readFile(resolve(file), 'utf8').catch((error: NodeJS.ErrnoException) => {
        throw new UsageError(`Cannot read ${file}: ${error.code === 'ENOENT' ? 'no such file' : error.message}`);
      });
      await cli.withKernel(async (kernel) => {
        const result = await kernel.get<ReportService>(ReportService).verify(content);
        if (cli.output.json) cli.output.data(result);
        else if (result.ok) {
          cli.output.line(`OK: ${result.type} report (${result.format}), ${result.rows} row(s), data digest ${result.computedDigest} matches.`);
          cli.output.line(result.auditEntry ? `The audit log recorded this digest (entry #${result.auditEntry.seq}, ${result.auditEntry.time}).` : "This digest is not in this catalog's audit log (generated elsewhere, or the log was rotated).");
        } else for (const problem of result.problems) cli.output.error(`MISMATCH: ${problem}`);
        if (!result.ok) throw new CommandExit('operation-failed');
      });
    });
}

async function generate(cli: CliContext, type: string, flags: ReportFlags): Promise<void> {
  if (!reportTypes.includes(type as ReportType)) throw new UsageError(`Unknown report type "${type}". Use one of ${reportTypes.join(', ')}.`);
  const period = parsePeriod(flags.from, flags.to, '--');
  const out = resolve(flags.out);
  await cli.withPluginKernel(async (kernel, token) => {
    const rendered = await kernel.get<ReportService>(ReportService)
      .render({ type: type as ReportType, period, ...(flags.repo ? { repository: flags.repo } : {}) }, flags.format, token);
    await writeFileAtomic(out, rendered.content);
    if (cli.output.json) cli.output.data({ file: out, type, format: flags.format, rows: rendered.data.rows.length, dataDigest: rendered.dataDigest, generatedAt: rendered.data.generatedAt });
    else cli.output.line(`Wrote ${rendered.data.title.toLowerCase()} report (${rendered.data.rows.length} row(s), ${flags.format}) to ${out}; data digest ${rendered.dataDigest}.`);
  });
}
