import { join } from 'node:path';
import { CancellationTokenSource, type JsonObject } from '@timelocker/plugin-api';
import { inject, injectable } from 'inversify';
import type { AuditEntry } from '../audit/audit-service.js';
import { ConfigService } from '../config/config-service.js';
import { typedEntryParts } from '../config/typed-entry-settings.js';
import { KernelOptions } from '../core/kernel-options.js';
import { LogService, type Logger } from '../core/log-service.js';
import { CredentialsService } from '../credentials/credentials-service.js';
import { AuditSinkRegistry } from '../plugins/audit-sink-registry.js';
import { ContributionAvailability, contributionNoun } from '../plugins/contribution-availability.js';
import { ContributionRegistry } from '../plugins/contribution-registry.js';
import { AuditSinkQueue } from './audit-sink-queue.js';
import type { AuditSinkService, AuditSinkStatus, DeliveryOutcome, InactiveSink } from './audit-sink-service.js';
import { auditSinkAccount, type AuditSinkConfig, auditSinksOf, auditSinkKernelProperties, DEFAULT_MAX_QUEUE_MIB } from './audit-sinks-schema.js';

/** A receiver that accepts the connection but never answers must not hold a batch (or a CLI's exit) forever. */
const BATCH_TIMEOUT_MS = 30_000;

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

@injectable()
export class AuditSinkServiceImpl implements AuditSinkService {
  private readonly logger: Logger;
  private readonly queues = new Map<string, AuditSinkQueue>();
  private readonly lastErrors = new Map<string, string>();

  constructor(
    @inject(ConfigService) private readonly config: ConfigService,
    @inject(AuditSinkRegistry) private readonly sinks: AuditSinkRegistry,
    @inject(ContributionRegistry) private readonly contributions: ContributionRegistry,
    @inject(CredentialsService) private readonly credentials: CredentialsService,
    @inject(KernelOptions) private readonly options: KernelOptions,
    @inject(LogService) private readonly logs: LogService,
    @inject(ContributionAvailability) private readonly availability: ContributionAvailability,
  ) {
    this.logger = logs.getLogger('audit-sinks');
  }

  async enqueue(entries: readonly AuditEntry[]): Promise<void> {
    for (const [name, sink] of await this.configured()) {
      const dropped = await this.queueOf(name, sink).append(entries);
      // Loud, but not an audit entry: that would be queued (and dropped) again.
      if (dropped > 0) this.logger.error(`audit sink ${name}: its queue is full (${sink.maxQueueMiB ?? DEFAULT_MAX_QUEUE_MIB} MiB); ${dropped} entr${dropped === 1 ? 'y was' : 'ies were'} not queued and will not reach it (they stay in the local audit log)`);
    }
  }

  async deliver(): Promise<DeliveryOutcome[]> {
    const outcomes: DeliveryOutcome[] = [];
    for (const [name, sink] of await this.configured()) outcomes.push(await this.deliverTo(name, sink));
    return outcomes;
  }

  async list(): Promise<AuditSinkStatus[]> {
    const statuses: AuditSinkStatus[] = [];
    for (const [name, sink] of await this.configured()) {
      const error = this.lastErrors.get(name);
      const inactive = this.inactive(name, sink);
      statuses.push({
        name, type: sink.type, ...(await this.queueOf(name, sink).stats()), ...(error !== undefined && { lastError: error }), ...(inactive && { inactive }),
      });
    }
    return statuses;
  }

  private inactive(name: string, sink: AuditSinkConfig): InactiveSink | undefined {
    const found = this.availability.check('auditSinks', sink.type);
    if (found.available) return undefined;
    const message = `audit sink "${name}" is inactive: ${contributionNoun.auditSinks} "${found.id}" is unavailable: ${found.reason}`;
    return { state: found.state, ...(found.pluginId ? { pluginId: found.pluginId } : {}), message };
  }

  private async deliverTo(name: string, sink: AuditSinkConfig): Promise<DeliveryOutcome> {
    // Its plugin is disabled, missing or failed: entries wait in the queue, and `status`, `config validate` and
    // `audit sinks` already say why; trying would only warn at the end of every command.
    const inactive = this.inactive(name, sink);
    if (inactive) return { sink: name, delivered: 0, error: inactive.message };
    const queue = this.queueOf(name, sink);
    let delivered = 0;
    try {
      const done = await queue.whileDelivering(async () => {
        const { settings, secrets } = await typedEntryParts(sink, Object.keys(auditSinkKernelProperties),
          this.contributions.find('auditSinks', sink.type)?.entry.secrets ?? [], (field, source) => this.credentials.resolve(auditSinkAccount(name, field), source));
        for (let batch = await queue.next(); batch.entries.length > 0; batch = await queue.next()) {
          await this.send(sink.type, batch.entries, settings, secrets);
          await queue.acknowledge(batch.end);
          delivered += batch.entries.length;
        }
        return true;
      });
      if (!done) return { sink: name, delivered, busy: true };
      if (this.lastErrors.delete(name)) this.logger.info(`audit sink ${name}: delivering again`);
      return { sink: name, delivered };
    } catch (error) {
      const message = this.logs.mask(errorText(error));
      // Said once per outage; the entries stay queued and go out in order once the receiver is back.
      if (this.lastErrors.get(name) !== message) this.logger.warn(`audit sink ${name}: delivery failed, entries stay queued: ${message}`);
      this.lastErrors.set(name, message);
      return { sink: name, delivered, error: message };
    }
  }

  private async send(type: string, entries: readonly AuditEntry[], settings: JsonObject, secrets: Record<string, string>): Promise<void> {
    const timeout = new CancellationTokenSource();
    const timer = setTimeout(() => timeout.cancel(), BATCH_TIMEOUT_MS);
    try {
      await this.sinks.deliver(type, entries, settings, secrets, timeout.token);
    } catch (error) {
      if (timeout.token.isCancellationRequested) throw new Error(`the ${type} sink did not take ${entries.length} entries within ${BATCH_TIMEOUT_MS / 1000} s`);
      throw error;
    } finally {
      clearTimeout(timer);
      timeout.dispose();
    }
  }

  private async configured(): Promise<Array<[string, AuditSinkConfig]>> {
    return Object.entries(auditSinksOf(await this.config.get()));
  }

  private queueOf(name: string, sink: AuditSinkConfig): AuditSinkQueue {
    const maxBytes = (sink.maxQueueMiB ?? DEFAULT_MAX_QUEUE_MIB) * 1024 * 1024;
    let queue = this.queues.get(name);
    if (!queue || queue.maxBytes !== maxBytes) {
      queue = new AuditSinkQueue(join(this.options.dataDir, 'audit-sinks', encodeURIComponent(name)), maxBytes);
      this.queues.set(name, queue);
    }
    return queue;
  }
}
