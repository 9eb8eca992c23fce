import { EventEmitter, type JsonObject } from '@timelocker/plugin-api';
import { inject, injectable } from 'inversify';
import type { Database } from 'sql.js';
import type { KernelContribution } from '../../common/kernel-contribution.js';
import { CatalogService } from '../catalog/catalog-service.js';
import { KernelOptions } from '../core/kernel-options.js';
import { LogService, type Logger } from '../core/log-service.js';
import { AuditAnchorFile } from './audit-anchor-file.js';
import { type AuditAnchor, verifyChain } from './audit-chain.js';
import type { AuditEntry, AuditEvent, AuditFilter, AuditService, AuditVerification, AuthenticationFailure } from './audit-service.js';
import {
  allEntries, appendEntries, countEntries, firstSeqFrom, type PendingEntry, readCheckpoint, readHead, selectEntries, writeCheckpoint,
} from './audit-store.js';

interface Queued {
  readonly entry: PendingEntry;
  resolve(entry: AuditEntry): void;
  reject(error: unknown): void;
}

const severities: ReadonlySet<string> = new Set(['info', 'warning', 'error', 'critical']);

@injectable()
export class AuditServiceImpl implements AuditService, KernelContribution {
  readonly id = 'audit';
  /** Entry times come from here (tests age entries for rotation). */
  clock: () => Date = () => new Date();
  private readonly logger: Logger;
  private readonly anchorFile: AuditAnchorFile;
  private queue: Queued[] = [];
  private scheduled: NodeJS.Immediate | undefined;
  /** Batches are written one after another; each takes everything queued by the time it starts. */
  private writing: Promise<void> = Promise.resolve();
  private readonly appended = new EventEmitter<AuditEntry>();
  readonly onDidAppend = this.appended.event;

  constructor(
    @inject(CatalogService) private readonly catalog: CatalogService,
    @inject(KernelOptions) private readonly options: KernelOptions,
    @inject(LogService) logService: LogService,
  ) {
    this.logger = logService.getLogger('audit');
    this.anchorFile = new AuditAnchorFile(options.dataDir);
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

  async list(filter: AuditFilter = {}): Promise<AuditEntry[]> {
    await this.flush();
    return this.catalog.read((db) => selectEntries(db, filter));
  }

  /** Every entry in chain order, unfiltered: the SIEM export and privacy export. */
  async entries(): Promise<AuditEntry[]> {
    await this.flush();
    return this.catalog.read((db) => allEntries(db));
  }

  async verify(): Promise<AuditVerification> {
    await this.flush();
    const fileHead = await this.anchorFile.read();
    const verification = await this.catalog.read((db) =>
      verifyChain(allEntries(db), { checkpoint: readCheckpoint(db), ...optional('head', readHead(db)), ...optional('fileHead', fileHead) }));
    // A log damaged beyond appending must still report what verify found.
    await this.record({
      type: 'audit.verified',
      severity: verification.intact ? 'info' : 'critical',
      details: {
        intact: verification.intact, entries: verification.entries, headHash: verification.headHash,
        ...(verification.firstBad ? { firstBad: { seq: verification.firstBad.seq, problem: verification.firstBad.problem } } : {}),
      },
    }).catch((error: unknown) => this.logger.error(`could not record the verification: ${(error as Error).message}`));
    return verification;
  }

  async rotate(retentionDays: number, now: Date = this.clock()): Promise<AuditEntry | undefined> {
    const cutoff = new Date(now.getTime() - retentionDays * 86_400_000).toISOString();
    return this.restartChain((db) => {
      const head = readHead(db);
      const firstKept = firstSeqFrom(db, cutoff) ?? (head ? head.seq + 1 : undefined);
      if (firstKept === undefined || firstKept <= readCheckpoint(db).seq) return undefined;
      const removed = Number(db.exec('SELECT count(*) FROM audit_log WHERE seq < ?', [firstKept])[0]?.values[0]?.[0] ?? 0);
      if (removed === 0) return undefined;
      return {
        firstKeptSeq: firstKept,
        event: { type: 'audit.rotated', severity: 'info', details: { retentionDays, cutoff, removed } },
      };
    });
  }

  /**
   * Removes every entry (plus whatever `alsoErase` removes in the same transaction) and starts the chain again
   * at a tombstone that links to the old head — the privacy erasure.
   */
  async eraseAll(event: AuditEvent, alsoErase: (db: Database) => JsonObject): Promise<AuditEntry> {
    const tombstone = await this.restartChain((db) => {
      const erased = { ...alsoErase(db), auditEntries: countEntries(db) };
      const head = readHead(db);
      return { firstKeptSeq: (head?.seq ?? readCheckpoint(db).seq - 1) + 1, event: { ...event, details: { ...event.details, erased } } };
    });
    if (!tombstone) throw new Error('erasing the audit log produced no tombstone');
    return tombstone;
  }

  /** Drops entries before `firstKeptSeq` and appends the checkpoint entry that names where the kept chain starts. */
  private async restartChain(
    plan: (db: Database) => { firstKeptSeq: number; event: AuditEvent } | undefined,
  ): Promise<AuditEntry | undefined> {
    await this.flush();
    const entry = await this.catalog.write((db) => {
      const planned = plan(db);
      if (!planned) return undefined;
      const head = readHead(db) ?? { seq: readCheckpoint(db).seq - 1, hash: readCheckpoint(db).hash };
      const predecessorHash = planned.firstKeptSeq > head.seq
        ? head.hash
        : String(db.exec('SELECT prev_hash FROM audit_log WHERE seq = ?', [planned.firstKeptSeq])[0]?.values[0]?.[0]);
      db.run('DELETE FROM audit_log WHERE seq < ?', [planned.firstKeptSeq]);
      writeCheckpoint(db, { seq: planned.firstKeptSeq, hash: predecessorHash });
      const details = { ...planned.event.details, firstKeptSeq: planned.firstKeptSeq, predecessorHash };
      return appendEntries(db, [this.pending({ ...planned.event, details })])[0];
    });
    if (entry) {
      await this.writeAnchor(entry);
      this.appended.fire(entry);
    }
    return entry;
  }

  private pending(event: AuditEvent): PendingEntry {
    return {
      time: this.clock().toISOString(),
      type: event.type,
      severity: event.severity,
      actor: event.actor ?? this.options.actor,
      target: event.target ?? null,
      details: event.details ?? {},
    };
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
      const entries = await this.catalog.write((db) => appendEntries(db, batch.map((q) => q.entry)));
      await this.writeAnchor(entries[entries.length - 1]!);
      batch.forEach((queued, i) => queued.resolve(entries[i]!));
      for (const entry of entries) this.appended.fire(entry);
    } catch (error) {
      this.logger.error(`could not write ${batch.length} audit entr${batch.length === 1 ? 'y' : 'ies'}: ${(error as Error).message}`);
      for (const queued of batch) queued.reject(error);
    }
  }

  private async writeAnchor(head: AuditAnchor): Promise<void> {
    // The catalog already holds the entries: a failed anchor write only weakens truncation detection.
    await this.anchorFile.write(head).catch((error: unknown) =>
      this.logger.warn(`could not update ${this.anchorFile.file}: ${(error as Error).message}`));
  }
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}
