import { writeFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import { OperationError, UsageError } from '../../node/core/errors.js';
import type { KernelOptions } from '../../node/core/kernel-options.js';
import { startKernel } from '../../node/kernel.js';
import { resolveKernelOptions } from '../../node/kernel-paths.js';
import { ConsentStore } from '../../node/privacy/consent-store.js';
import { canAskAtTerminal, PRIVACY_NOTICE_SUBJECT, PRIVACY_NOTICE_VERSION, privacyNoticeSettled, privacyNoticeText } from '../../node/privacy/privacy-notice.js';
import { PrivacyService } from '../../node/privacy/privacy-service.js';
import { type CliContext, type GlobalOptions, kernelOverrides } from '../cli-context.js';
import { workbenchWanted } from '../workbench-choice.js';
import { privacyNoticeFromWorkbench } from '../workbench-client.js';

async function askLine(question: string): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
  try {
    return await new Promise<string>((resolve) => rl.question(question, resolve));
  } finally {
    rl.close();
  }
}

/** A kernel composed but not started (the catalog only): the notice is settled before the command's own kernel runs. */
async function withConsents<T>(globals: GlobalOptions, fn: (consents: ConsentStore, options: KernelOptions) => Promise<T>): Promise<T> {
  const options = resolveKernelOptions(kernelOverrides(globals));
  const kernel = await startKernel(options, { start: false });
  try {
    return await fn(kernel.get<ConsentStore>(ConsentStore), options);
  } finally {
    await kernel.stop();
  }
}

/**
 * First run: on a TTY the notice is shown and must be accepted once; `--accept-privacy-notice` accepts it for
 * scripts; any other run prints it once to stderr, records that it was shown, and goes on (never blocks).
 */
async function settlePrivacyNotice(globals: GlobalOptions, consents: ConsentStore, options: KernelOptions): Promise<void> {
  const latest = await consents.latest(PRIVACY_NOTICE_SUBJECT, PRIVACY_NOTICE_VERSION);
  const interactive = canAskAtTerminal();
  if (privacyNoticeSettled(latest, globals.acceptPrivacyNotice === true, () => interactive)) return;
  if (globals.acceptPrivacyNotice) {
    await consents.record(PRIVACY_NOTICE_SUBJECT, PRIVACY_NOTICE_VERSION, 'accepted', 'flag');
    return;
  }
  const notice = privacyNoticeText(options);
  if (interactive) {
    process.stderr.write(`${notice}\n\n`);
    const answer = (await askLine('Accept and continue? [y/N] ')).trim().toLowerCase();
    const accepted = answer === 'y' || answer === 'yes';
    await consents.record(PRIVACY_NOTICE_SUBJECT, PRIVACY_NOTICE_VERSION, accepted ? 'accepted' : 'declined', 'tty');
    if (!accepted) throw new OperationError('The privacy notice was not accepted, so nothing was done. Run the command again to answer, or pass --accept-privacy-notice.');
    return;
  }
  process.stderr.write(`${notice}\n(Shown once. Accept it with \`timelocker privacy accept\` or --accept-privacy-notice.)\n\n`);
  await consents.record(PRIVACY_NOTICE_SUBJECT, PRIVACY_NOTICE_VERSION, 'shown', 'stderr');
}

function isPrivacyCommand(command: Command): boolean {
  for (let c: Command | null = command; c; c = c.parent) if (c.name() === 'privacy' && c.parent?.parent === null) return true;
  return false;
}

/**
 * A command that will hand its job to the workbench running for this data dir (it has `--no-workbench`, not given)
 * reads the notice's state there, in the same catalog: composing its own kernel to read it would be start-up spent on
 * a kernel the hand-over never uses. Anything not settled there (or no answer) goes the usual way.
 */
async function settledInWorkbench(program: Command, action: Command, cli: CliContext): Promise<boolean> {
  const handsOver = action.options.some((option) => option.long === '--no-workbench') && workbenchWanted(action.opts<{ workbench?: boolean }>().workbench);
  if (!handsOver) return false;
  const latest = await privacyNoticeFromWorkbench(cli.locations, PRIVACY_NOTICE_SUBJECT, PRIVACY_NOTICE_VERSION);
  return latest !== undefined && privacyNoticeSettled(latest ?? undefined, program.opts<GlobalOptions>().acceptPrivacyNotice === true, canAskAtTerminal);
}

/**
 * Before every command but `privacy …` (program.ts hooks it to the root whichever command modules it loads), with the
 * catalog of the command's kernel, composed and not yet started (the command starts it). Answers the warning to show
 * when the notice could not be recorded: program.ts shows it after a command that succeeds, since a command that
 * fails fails on the same problem (a damaged catalog, an unusable data dir) and says so itself.
 */
export async function settlePrivacyNoticeBefore(program: Command, action: Command, cli: CliContext): Promise<string | undefined> {
  if (isPrivacyCommand(action) || await settledInWorkbench(program, action, cli)) return undefined;
  try {
    const kernel = await cli.composedKernel();
    await settlePrivacyNotice(program.opts<GlobalOptions>(), kernel.get<ConsentStore>(ConsentStore), cli.locations);
    return undefined;
  } catch (error) {
    // Only a refusal stops the command; a catalog problem is the command's own to report.
    if (error instanceof OperationError) throw error;
    return `warning: the privacy notice could not be recorded: ${(error as Error).message}`;
  }
}

export function registerPrivacyCommands(program: Command, cli: CliContext): void {
  const privacy = program.command('privacy').description('privacy notice, export and erasure of the personal data TimeLocker keeps');

  privacy.command('notice').description('show the privacy notice and whether it was accepted')
    .action(async () => {
      await withConsents(program.opts<GlobalOptions>(), async (consents, options) => {
        const latest = await consents.latest(PRIVACY_NOTICE_SUBJECT, PRIVACY_NOTICE_VERSION);
        if (cli.output.json) cli.output.data({ version: PRIVACY_NOTICE_VERSION, text: privacyNoticeText(options), status: latest ?? null });
        else cli.output.line(`${privacyNoticeText(options)}\n\nStatus: ${latest ? `${latest.decision} (${latest.channel}, ${latest.actor}, ${latest.time})` : 'not shown yet'}`);
      });
    });

  privacy.command('accept').description('accept the privacy notice (recorded in the catalog)')
    .action(async () => {
      await withConsents(program.opts<GlobalOptions>(), async (consents) => {
        const record = await consents.record(PRIVACY_NOTICE_SUBJECT, PRIVACY_NOTICE_VERSION, 'accepted', program.opts<GlobalOptions>().acceptPrivacyNotice ? 'flag' : 'cli');
        if (cli.output.json) cli.output.data(record);
        else cli.output.line(`Privacy notice version ${record.version} accepted by ${record.actor}.`);
      });
    });

  privacy.command('export').description('write all personal metadata TimeLocker holds (config without secrets, jobs, audit entries, consents) as JSON')
    .option('--out <FILE>', 'write to FILE (mode 0600) instead of standard output')
    .action(async (flags: { out?: string }) => {
      await cli.withKernel(async (kernel) => {
        const data = await kernel.get<PrivacyService>(PrivacyService).exportData();
        const text = `${JSON.stringify(data, null, 2)}\n`;
        if (!flags.out) {
          process.stdout.write(text);
          return;
        }
        await writeFile(flags.out, text, { mode: 0o600 });
        cli.output.error(`Exported ${data.jobs.length} jobs, ${data.auditEntries.length} audit entries and ${data.consents.length} consents to ${flags.out}.`);
      });
    });

  privacy.command('erase').description('erase jobs, snapshot cache, audit entries, consents, the file index and cached folder listings (backup data is not touched)')
    .option('--yes', 'do not ask for confirmation')
    .action(async (flags: { yes?: boolean }) => {
      if (!flags.yes) {
        if (!process.stdin.isTTY) throw new UsageError('privacy erase removes the job history and audit log for good; pass --yes to confirm.');
        const answer = (await askLine('Erase the job history, snapshot cache, audit log, consents, file index and cached folder listings? Backups stay untouched. [y/N] ')).trim().toLowerCase();
        if (answer !== 'y' && answer !== 'yes') throw new OperationError('Nothing was erased.');
      }
      await cli.withKernel(async (kernel) => {
        const result = await kernel.get<PrivacyService>(PrivacyService).erase();
        if (cli.output.json) cli.output.data(result);
        else cli.output.line(`Erased ${result.jobs} jobs, ${result.snapshots} cached snapshots, ${result.auditEntries} audit entries, ${result.consents} consents and the ${result.caches.join(' and ')}; the audit log restarts at entry ${result.tombstone.seq}.`);
      });
    });
}
