import { EventEmitter, type JsonObject } from '@timelocker/plugin-api';
import { inject, injectable } from 'inversify';
import type { KernelContribution } from '../../common/kernel-contribution.js';
import { CatalogError } from '../catalog/catalog-errors.js';
import { CatalogService } from '../catalog/catalog-service.js';
import { currentActor } from '../core/actor-context.js';
import { KernelOptions } from '../core/kernel-options.js';
import { LogService, type Logger } from '../core/log-service.js';
import type { ChainHead, ChainTransaction } from '../history/chained-log.js';
import type { Segment } from '../history/segment-log.js';
import { AuditAnchorFile } from './audit-anchor-file.js';
import { ChainVerifier } from './audit-chain.js';
import { AuditHealth } from './audit-health.js';
import { AuditKeyProvider } from './audit-key.js';
import { importLegacyAudit } from './audit-legacy-import.js';
import type {
  AuditEntry, AuditEvent, AuditFilter, AuditService, AuditVerification, AuthenticationFailure, VerifyOptions,
} from './audit-service.js';
import { AuditLog, chainEntries, type PendingEntry } from './audit-store.js';

interface Queued {
  readonly entry: PendingEntry;
  resolve(entry: AuditEntry): void;
  reject(error: unknown): void;
}

/** Entries this process could not record, told in an `audit.lost` entry once recording works again. */
interface Lost {
  count: number;
  readonly types: Set<string>;
  readonly since: string;
  reason: string;
}

const severities: ReadonlySet<string> = new Set(['info', 'warning', 'error', 'critical']);

@injectable()
export class AuditServiceImpl implements AuditService, KernelContribution {
  readonly id = 'audit';
  /** Entry times come from here (tests age entries for rotation). */
  clock: () => Date = () => new Date();
  readonly log: AuditLog;
  private readonly logger: Logger;
  private readonly anchorFile: AuditAnchorFile;
  private queue: Queued[] = [];
  private scheduled: NodeJS.Immediate | undefined;
  /** Batches are written one after another; each takes everything queued by the time it starts. */
  private writing: Promise<void> = Promise.resolve();
  private lost: Lost | undefined;
  private imported: Promise<unknown> | undefined;
  private readonly appended = new EventEmitter<AuditEntry>();
  readonly onDidAppend = this.appended.event;

  constructor(
    @inject(CatalogService) private readonly catalog: CatalogService,
    @inject(KernelOptions) private readonly options: KernelOptions,
    @inject(LogService) logService: LogService,
    @inject(AuditKeyProvider) private readonly keys: AuditKeyProvider,
    @inject(AuditHealth) private readonly health: AuditHealth,
  ) {
    this.logger = logService.getLogger('audit');
    this.anchorFile = new AuditAnchorFile(options.dataDir);
    this.log = new AuditLog(options.dataDir, (error) => this.logger.error(`lock on the audit log was lost: ${error.message}`));
  }

  record(event: AuditEvent): Promise<AuditEntry> {
    if (!severities.has(event.severity)) return Promise.reject(new TypeError(`Unknown audit severity "${event.severity}"`));
    return new Promise<AuditEntry>((resolve, reject) => {
      this.queue.push({ entry: this.pending(event), resolve, reject });
      this.scheduled ??= setImmediate(() => {
        this.scheduled = undefined;
        void this.drain();
      });
    });
  }

  recordAuthenticationFailure(failure: AuthenticationFailure): Promise<AuditEntry> {
    return this.record({
      type: 'api.authentication-failed',
      severity: 'warning',
      actor: `api:${failure.tokenName ?? 'anonymous'}`,
      ...(failure.path ? { target: failure.path } : {}),
      details: { reason: failure.reason, ...(failure.remoteAddress ? { remoteAddress: failure.remoteAddress } : {}) },
    });
  }

  async flush(): Promise<void> {
    if (this.scheduled) clearImmediate(this.scheduled);
    this.scheduled = undefined;
    await this.drain();
  }

  onStop(): Promise<void> {
    return this.flush();
  }

  async head(): Promise<ChainHead> {
    await this.ready();
    return this.log.chain.head();
  }

  async list(filter: AuditFilter = {}): Promise<AuditEntry[]> {
    await this.ready();
    return this.log.select(filter);
  }

  /** Every entry in chain order, unfiltered, streamed: the SIEM export. */
  async *stream(): AsyncGenerator<AuditEntry> {
    await this.ready();
    yield* this.log.entries();
  }

  /** Every entry in chain order (the privacy export). */
  async entries(): Promise<AuditEntry[]> {
    const all: AuditEntry[] = [];
    for await (const entry of this.stream()) all.push(entry);
    return all;
  }

  async verify(options: VerifyOptions = {}): Promise<AuditVerification> {
    await this.ready();
    const key = await this.keys.find();
    const snapshots = options.against?.snapshots;
    const verifier = new ChainVerifier(key, { ...optional('fileHead', await this.anchorFile.read()), ...optional('snapshots', snapshots) });
    for await (const lines of this.log.segmentsOfLines()) {
      verifier.checkSegment(lines);
      if (verifier.done) break;
    }
    const result = verifier.result();
    const verification: AuditVerification = result.anchors && options.against
      ? { ...result, anchors: { ...result.anchors, repository: options.against.repository } }
      : result;
    if (verification.intact) await this.health.clear().catch(() => undefined);
    else await this.health.report(`the audit log is damaged at entry ${verification.firstBad!.seq}: ${verification.firstBad!.problem}`, 0);
    // A log damaged beyond appending must still report what verify found.
    await this.record({
      type: 'audit.verified',
      severity: verification.intact ? 'info' : 'critical',
      details: {
        intact: verification.intact, entries: verification.entries, headHash: verification.headHash,
        ...(options.against ? { against: options.against.repository, anchors: verification.anchors?.checked ?? 0 } : {}),
        ...(verification.firstBad ? { firstBad: { seq: verification.firstBad.seq, problem: verification.firstBad.problem } } : {}),
      },
    }).catch((error: unknown) => this.logger.error(`could not record the verification: ${(error as Error).message}`));
    return verification;
  }

  /** Removes whole segments older than `retentionDays`, leaving a checkpoint entry; undefined when none was old enough. */
  async rotate(retentionDays: number, now: Date = this.clock()): Promise<AuditEntry | undefined> {
    const cutoff = new Date(now.getTime() - retentionDays * 86_400_000).toISOString();
    return this.restartChain(async (segments) => {
      const old: Segment[] = [];
      for (const segment of segments) {
        const { last } = await this.log.chain.bounds(segment);
        if (!last || last.time >= cutoff) break;
        old.push(segment);
      }
      return old.length === 0 ? undefined : { remove: old, event: { type: 'audit.rotated', severity: 'info', details: { retentionDays, cutoff } } };
    });
  }

  /**
   * Removes every entry (plus whatever `alsoErase` removes meanwhile) and starts the chain again at a tombstone that
   * links to the old head — the privacy erasure.
   */
  async eraseAll(event: AuditEvent, alsoErase: () => Promise<JsonObject>): Promise<AuditEntry> {
    const tombstone = await this.restartChain(async (segments) => ({
      remove: segments, event: { ...event, details: { ...event.details, erased: await alsoErase() } },
    }));
    if (!tombstone) throw new Error('erasing the audit log produced no tombstone');
    return tombstone;
  }

  /** Appends a checkpoint entry naming where the kept chain starts, then removes the segments before it. */
  private async restartChain(
    plan: (segments: readonly Segment[]) => Promise<{ remove: readonly Segment[]; event: AuditEvent } | undefined>,
  ): Promise<AuditEntry | undefined> {
    await this.ready();
    const entry = await this.log.chain.transaction(async (tx) => {
      // The key first: what `plan` erases must not go when the entry that records it cannot be written.
      await this.keys.obtain((await tx.head()).seq + 1);
      const segments = await tx.segments();
      const planned = await plan(segments);
      if (!planned) return undefined;
      const head = await tx.head();
      const kept = segments.slice(planned.remove.length);
      const firstKept = kept[0] ? (await this.log.chain.bounds(kept[0])).first : undefined;
      const firstRemoved = planned.remove[0] ? (await this.log.chain.bounds(planned.remove[0])).first : undefined;
      const firstKeptSeq = firstKept?.seq ?? head.seq + 1;
      const removed = firstRemoved ? firstKeptSeq - firstRemoved.seq : 0;
      const details = { ...planned.event.details, removed, firstKeptSeq, predecessorHash: firstKept?.prevHash ?? head.hash };
      const [checkpoint] = await this.chain(tx, head, [this.pending({ ...planned.event, details })], kept.length === 0);
      await tx.remove(planned.remove);
      return checkpoint;
    });
    if (entry) {
      await this.writeAnchor(entry);
      this.appended.fire(entry);
    }
    return entry;
  }

  /** Legacy entries are in the segments and queued entries are written. */
  private async ready(): Promise<void> {
    await this.flush();
    await this.importLegacy();
  }

  /**
   * The segments are the log: a catalog that cannot be read (damaged, missing) only postpones moving entries of old
   * catalogs over, and never stops recording or verifying.
   */
  private importLegacy(): Promise<unknown> {
    this.imported ??= importLegacyAudit(this.catalog, this.log).catch((error: unknown) => {
      this.imported = undefined;
      if (!(error instanceof CatalogError)) throw error;
      this.logger.warn(`audit entries of an older catalog not moved yet: ${error.message}`);
    });
    return this.imported;
  }

  private pending(event: AuditEvent): PendingEntry {
    return {
      time: this.clock().toISOString(),
      type: event.type,
      severity: event.severity,
      actor: event.actor ?? currentActor(this.options.actor),
      target: event.target ?? null,
      details: event.details ?? {},
    };
  }

  /** Keys and chains entries onto `head` and appends them; the key is made here, under the lock, the first time. */
  private async chain(tx: ChainTransaction<AuditEntry>, head: ChainHead, pending: readonly PendingEntry[], newSegment = false): Promise<AuditEntry[]> {
    if (this.log.chain.tornTail > 0) await this.health.report(`the last line of the newest segment in ${this.log.dir} was cut off (a crash during a write?)`, 0);
    const key = await this.keys.obtain(head.seq + 1);
    const entries = chainEntries(head, pending, key);
    await this.log.appendIn(tx, entries, newSegment);
    return entries;
  }

  private drain(): Promise<void> {
    const run = this.writing.then(() => this.writeBatch());
    this.writing = run;
    return run;
  }

  private async writeBatch(): Promise<void> {
    const batch = this.queue;
    if (batch.length === 0) return;
    this.queue = [];
    try {
      await this.importLegacy();
      const lost = this.lost;
      const notice = lost ? [this.pending({
        type: 'audit.lost', severity: 'error',
        details: { entries: lost.count, types: [...lost.types].sort(), since: lost.since, reason: lost.reason },
      })] : [];
      const entries = await this.log.chain.transaction(async (tx) => this.chain(tx, await tx.head(), [...notice, ...batch.map((q) => q.entry)]));
      this.lost = undefined;
      await this.writeAnchor(entries[entries.length - 1]!);
      batch.forEach((queued, i) => queued.resolve(entries[i + notice.length]!));
      for (const entry of entries) this.appended.fire(entry);
    } catch (error) {
      const reason = (error as Error).message;
      this.lost ??= { count: 0, types: new Set(), since: batch[0]!.entry.time, reason };
      this.lost.count += batch.length;
      this.lost.reason = reason;
      for (const queued of batch) this.lost.types.add(queued.entry.type);
      await this.health.report(`could not record ${batch.map((q) => q.entry.type).join(', ')}: ${reason}`, batch.length);
      for (const queued of batch) queued.reject(error);
    }
  }

  private async writeAnchor(head: ChainHead): Promise<void> {
    // The segments already hold the entries: a failed anchor write only weakens truncation detection.
    await this.anchorFile.write(head).catch((error: unknown) =>
      this.logger.warn(`could not update ${this.anchorFile.file}: ${(error as Error).message}`));
  }
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}
