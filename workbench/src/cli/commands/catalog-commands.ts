import { formatBytes } from '@timelocker/plugin-api';
import type { Command } from 'commander';
import { CatalogRecovery, type CatalogCheck } from '../../node/catalog/catalog-recovery.js';
import type { CliContext } from '../cli-context.js';
import { CommandExit } from '../exit-codes.js';

function describe(check: CatalogCheck): string {
  const version = check.schemaVersion !== undefined ? `, schema ${check.schemaVersion}` : '';
  const size = check.size !== undefined ? `, ${formatBytes(check.size)}` : '';
  return `${check.file}: ${check.state}${size}${version}${check.message ? ` — ${check.message}` : ''}`;
}

export function registerCatalogCommands(program: Command, cli: CliContext): void {
  const catalog = program.command('catalog').description("the catalog (current state: live jobs, snapshot cache, tokens …) and its rotating copies");

  catalog.command('check').description('check the catalog and every kept copy; exit 1 when the catalog cannot be used')
    .action(async () => {
      await cli.withCatalog(async (container) => {
        const check = await container.get(CatalogRecovery).check();
        if (cli.output.json) cli.output.data(check);
        else {
          cli.output.line(describe(check));
          cli.output.line(check.copies.length ? 'Copies (newest first):' : 'No copies kept yet (one is taken daily and before each schema migration).');
          for (const copy of check.copies) cli.output.line(`  ${copy.name}  ${copy.state}  ${formatBytes(copy.size)}${copy.message ? `  ${copy.message}` : ''}`);
        }
        if (check.state !== 'ok' && check.state !== 'absent') throw new CommandExit('unavailable');
      });
    });

  catalog.command('restore [copy]').description('put back a copy (default: the newest that checks out); the current file is moved aside, never deleted')
    .option('--empty', 'start an empty catalog instead (job and audit history in the data dir are kept)')
    .action(async (copy: string | undefined, flags: { empty?: boolean }) => {
      await cli.withCatalog(async (container) => {
        const result = await container.get(CatalogRecovery).restore({ ...(copy ? { copy } : {}), ...(flags.empty ? { empty: true } : {}) });
        if (cli.output.json) cli.output.data(result);
        else {
          cli.output.line(result.restored ? `Restored the catalog from ${result.restored.name} (${result.restored.time}).` : 'Started an empty catalog.');
          if (result.movedAside) cli.output.line(`The file it replaced was moved to ${result.movedAside}.`);
        }
      });
    });
}
