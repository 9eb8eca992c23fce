import { inject, injectable } from 'inversify';
import type { KernelContribution } from '../../common/kernel-contribution.js';
import { type AuditEntry, AuditService } from '../audit/audit-service.js';
import { KernelOptions } from '../core/kernel-options.js';
import { LogService, type Logger } from '../core/log-service.js';
import { AuditSinkService } from './audit-sink-service.js';

/** How often a long-lived kernel retries a failed delivery and picks up what other processes queued. */
export const SINK_POLL_MS = 10_000;
/** A CLI command waits at most this long at its end for its own entries to go out (they stay queued otherwise). */
const STOP_DELIVERY_MS = 10_000;

/**
 * Queues every audit entry this process appends for each configured sink and delivers in the background. A CLI
 * command delivers at its end what it queued; a long-lived kernel (server, scheduler) also retries every
 * SINK_POLL_MS, so a receiver that was down gets the backlog, in order, once it is back. Bound before
 * notifications and the plugin host, which the sinks' providers need while `onStop` delivers.
 */
@injectable()
export class AuditSinksContribution implements KernelContribution {
  readonly id = 'audit-sinks';
  private readonly logger: Logger;
  private batch: AuditEntry[] = [];
  private queuing: Promise<void> = Promise.resolve();
  private delivering: Promise<unknown> | undefined;
  private appendedHere = false;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    @inject(AuditService) private readonly audit: AuditService,
    @inject(AuditSinkService) private readonly sinks: AuditSinkService,
    @inject(KernelOptions) private readonly options: KernelOptions,
    @inject(LogService) logs: LogService,
  ) {
    this.logger = logs.getLogger('audit-sinks');
  }

  initialize(): void {
    this.audit.onDidAppend((entry) => this.onAppend(entry));
  }

  onStart(): void {
    if (!this.options.longLived) return;
    this.kick();
    this.timer = setInterval(() => this.kick(), SINK_POLL_MS);
    this.timer.unref();
  }

  async onStop(): Promise<void> {
    clearInterval(this.timer);
    await this.audit.flush?.();
    await this.queuing;
    if (!this.appendedHere) return;
    let deadline: NodeJS.Timeout | undefined;
    const late = new Promise<void>((resolve) => (deadline = setTimeout(() => {
      this.logger.warn(`audit entries not delivered within ${STOP_DELIVERY_MS / 1000} s stay queued for the next run`);
      resolve();
    }, STOP_DELIVERY_MS)));
    await Promise.race([this.deliverNow(), late]);
    clearTimeout(deadline);
  }

  private onAppend(entry: AuditEntry): void {
    this.appendedHere = true;
    this.batch.push(entry);
    if (this.batch.length > 1) return;
    // Entries of one tick are queued together; queuing is serialized so the file keeps chain order.
    this.queuing = this.queuing.then(() => new Promise<void>((resolve) => setImmediate(resolve))).then(async () => {
      const entries = this.batch;
      this.batch = [];
      await this.sinks.enqueue(entries);
      if (this.options.longLived) this.kick();
    }).catch((error: unknown) => this.logger.error(`audit entries could not be queued for the sinks: ${error instanceof Error ? error.message : String(error)}`));
  }

  private kick(): void {
    void this.deliverNow();
  }

  /** One delivery at a time in this process; a kick while one runs is folded into it. */
  private deliverNow(): Promise<unknown> {
    this.delivering ??= this.queuing.then(() => this.sinks.deliver()).catch((error: unknown) =>
      this.logger.warn(`audit sinks: ${error instanceof Error ? error.message : String(error)}`)).finally(() => (this.delivering = undefined));
    return this.delivering;
  }
}
