import type { Command } from 'commander';
import { ConfigService } from '../../node/config/config-service.js';
import { NotificationService } from '../../node/notifications/notification-service.js';
import { notificationsOf } from '../../node/notifications/notifications-schema.js';
import type { CliContext } from '../cli-context.js';
import { CommandExit } from '../exit-codes.js';

export function registerNotifyCommands(program: Command, cli: CliContext): void {
  const notify = program.command('notify').description('notifications: configured notifiers, test messages, stale-plan check');

  notify.command('list').description('list the configured notifiers and the events that reach them')
    .action(async () => {
      await cli.withKernel(async (kernel) => {
        const section = notificationsOf(await kernel.get<ConfigService>(ConfigService).get());
        const rows = Object.entries(section?.notifiers ?? {}).map(([name, entry]) => ({
          name, type: entry.type,
          events: [...new Set((section?.rules ?? []).filter((r) => r.notifiers.includes(name)).flatMap((r) => r.events))],
        }));
        cli.output.table(rows, [['NAME', (r) => r.name], ['TYPE', (r) => r.type], ['EVENTS', (r) => r.events.join(', ')]]);
      });
    });

  notify.command('test <notifier>').description('send a test message through one configured notifier (no rules, no rate limit)')
    .action(async (name: string) => {
      await cli.withPluginKernel(async (kernel) => {
        await kernel.get<NotificationService>(NotificationService).test(name);
        if (cli.output.json) cli.output.data({ notifier: name, status: 'sent' });
        else cli.output.line(`Sent a test notification through "${name}".`);
      });
    });

  notify.command('check-stale').description('notify about plans without a successful backup within their rule\'s staleHours; exit 1 if any')
    .action(async () => {
      await cli.withPluginKernel(async (kernel) => {
        const { stale, deliveries } = await kernel.get<NotificationService>(NotificationService).checkStale();
        if (cli.output.json) cli.output.data({ stale, deliveries });
        else {
          if (stale.length === 0) cli.output.line('No stale plans.');
          for (const s of stale) cli.output.line(`stale: plan ${s.plan} (repository ${s.repository}): no successful backup in ${s.staleHours} h; last success: ${s.lastSuccess ?? 'never'}`);
          for (const d of deliveries) cli.output.line(`${d.notifier}: ${d.status}${d.error ? ` — ${d.error}` : ''}`);
        }
        if (stale.length > 0) throw new CommandExit('operation-failed');
      });
    });
}
