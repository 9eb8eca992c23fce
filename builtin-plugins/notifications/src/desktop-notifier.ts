import { execFile } from 'node:child_process';
import type { CancellationToken, JsonObject, MessageSeverity, NotificationDto, Notifier } from '@timelocker/plugin-api';

/** libnotify urgency per severity: failures stay on screen (critical), routine news may be hidden (low). */
const urgency: Readonly<Record<MessageSeverity, string>> = { info: 'low', warning: 'normal', error: 'critical' };

/** notify-send's argv for one notification; title and body are separate arguments, never a shell string. */
export function notifySendArgs(notification: NotificationDto, config: JsonObject): string[] {
  const args = [`--urgency=${urgency[notification.severity]}`, '--app-name=TimeLocker'];
  if (typeof config['expireMs'] === 'number') args.push(`--expire-time=${config['expireMs']}`);
  // `--` keeps a title that starts with a dash from being read as an option.
  args.push('--', notification.title, notification.body);
  return args;
}

/** Linux desktop notifications through libnotify's `notify-send` (package libnotify-bin). */
export const desktopNotifier: Notifier = {
  send(notification, config, _secrets, token: CancellationToken) {
    return new Promise<void>((resolve, reject) => {
      const controller = new AbortController();
      const subscription = token.onCancellationRequested(() => controller.abort());
      execFile('notify-send', notifySendArgs(notification, config), { signal: controller.signal, timeout: 15_000 }, (error, _stdout, stderr) => {
        subscription.dispose();
        if (!error) return resolve();
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
          return reject(new Error('notify-send was not found on PATH; install libnotify-bin (Debian/Ubuntu) or use another notifier'));
        }
        reject(new Error(`notify-send failed: ${String(stderr).trim() || error.message}`));
      });
    });
  },
};
