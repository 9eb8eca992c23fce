import { inject, injectable } from 'inversify';
import { CatalogService } from '../catalog/catalog-service.js';

export interface SentKey {
  readonly rule: string;
  readonly notifier: string;
  readonly messageHash: string;
}

/** Last delivery per (rule, notifier, message) in the catalog, so a limit holds across CLI runs and the server. */
@injectable()
export class NotificationRateLimiter {
  constructor(@inject(CatalogService) private readonly catalog: CatalogService) {}

  async sentWithin(key: SentKey, minutes: number, now: Date): Promise<boolean> {
    if (minutes <= 0) return false;
    const last = await this.catalog.read((db) => {
      const stmt = db.prepare('SELECT sent_at FROM notifications_sent WHERE rule = ? AND notifier = ? AND message_hash = ?', [key.rule, key.notifier, key.messageHash]);
      try {
        return stmt.step() ? String(stmt.get()[0]) : undefined;
      } finally {
        stmt.free();
      }
    });
    return last !== undefined && now.getTime() - Date.parse(last) < minutes * 60_000;
  }

  async recordSent(key: SentKey, now: Date): Promise<void> {
    await this.catalog.write((db) => db.run(
      'INSERT INTO notifications_sent (rule, notifier, message_hash, sent_at) VALUES (?, ?, ?, ?) ' +
      'ON CONFLICT (rule, notifier, message_hash) DO UPDATE SET sent_at = excluded.sent_at',
      [key.rule, key.notifier, key.messageHash, now.toISOString()],
    ));
  }
}
