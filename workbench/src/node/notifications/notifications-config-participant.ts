import { injectable } from 'inversify';
import type { ConfigIssue, TimeLockerConfig } from '../config/config-model.js';
import type { ConfigValidationParticipant } from '../config/config-validation-participant.js';
import { notificationsOf } from './notifications-schema.js';

/** A rule naming a notifier that is not configured would silently never notify: refuse it with its location. */
@injectable()
export class NotificationsConfigParticipant implements ConfigValidationParticipant {
  async validateConfig(config: TimeLockerConfig, locate: (jsonPath: readonly string[]) => Pick<ConfigIssue, 'line' | 'column'>): Promise<ConfigIssue[]> {
    const section = notificationsOf(config);
    const known = Object.keys(section?.notifiers ?? {});
    const issues: ConfigIssue[] = [];
    (section?.rules ?? []).forEach((rule, r) => {
      rule.notifiers.forEach((name, n) => {
        if (known.includes(name)) return;
        const path = ['notifications', 'rules', String(r), 'notifiers', String(n)];
        issues.push({
          file: '', jsonPath: `/${path.join('/')}`, ...locate(path),
          message: `unknown notifier "${name}"; configured notifiers: ${known.join(', ') || '(none)'}`,
        });
      });
    });
    return issues;
  }
}
