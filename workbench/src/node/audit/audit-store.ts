import { join } from 'node:path';
import type { JsonObject } from '@timelocker/plugin-api';
import { ChainedLog, type ChainHead, type ChainTransaction, parseLink, type ReadLine } from '../history/chained-log.js';
import { type Segment, SegmentLog } from '../history/segment-log.js';
import { entryHash } from './audit-chain.js';
import type { AuditKey } from './audit-key.js';
import type { AuditEntry, AuditFilter, AuditSeverity } from './audit-service.js';

/** An entry waiting for its place in the chain. */
export interface PendingEntry {
  readonly time: string;
  readonly type: string;
  readonly severity: AuditSeverity;
  readonly actor: string;
  readonly target: string | null;
  readonly details: JsonObject;
}

/** Folder of the audit segments under the data dir. */
export const auditDirName = join('history', 'audit');
const maxSegmentBytes = 8 * 1024 * 1024;

/** Chains `pending` onto `head`. */
export function chainEntries(head: ChainHead, pending: readonly PendingEntry[], key: AuditKey | undefined): AuditEntry[] {
  let previous = head;
  return pending.map((p) => {
    const unhashed = { ...p, seq: previous.seq + 1, prevHash: previous.hash };
    const entry: AuditEntry = { ...unhashed, hash: entryHash(unhashed, key) };
    previous = entry;
    return entry;
  });
}

function matches(entry: AuditEntry, filter: AuditFilter): boolean {
  return (filter.since === undefined || entry.time >= filter.since)
    && (filter.until === undefined || entry.time <= filter.until)
    && (filter.type === undefined || entry.type === filter.type || entry.type.startsWith(`${filter.type}.`))
    && (filter.severity === undefined || entry.severity === filter.severity)
    && (filter.actor === undefined || entry.actor === filter.actor);
}

/**
 * The audit log on disk: hash-chained entries in segment files under `<data-dir>/history/audit`, one JSON object per
 * line. A segment holds at most 8 MiB and one calendar month (UTC), so retention removes whole old segments.
 */
export class AuditLog {
  readonly chain: ChainedLog<AuditEntry>;
  private newestFirstLine: { file: string; month: string } | undefined;

  constructor(dataDir: string, onLockCompromised: (error: Error) => void) {
    this.chain = new ChainedLog(new SegmentLog(join(dataDir, auditDirName), { maxSegmentBytes, onLockCompromised }));
  }

  get dir(): string {
    return this.chain.log.dir;
  }

  /** Appends entries in the transaction; they start a new segment when the newest one holds another month. */
  async appendIn(tx: ChainTransaction<AuditEntry>, entries: readonly AuditEntry[], forceNewSegment = false): Promise<void> {
    if (entries.length === 0) return;
    const newest = (await tx.segments()).at(-1);
    const month = entries[0]!.time.slice(0, 7);
    await tx.append(entries, forceNewSegment || (newest !== undefined && (await this.monthOf(newest)) !== month));
  }

  /** The newest `limit` entries matching `filter`, oldest first; whole segments outside the time range are skipped. */
  async select(filter: AuditFilter): Promise<AuditEntry[]> {
    const found: AuditEntry[] = [];
    const limit = filter.limit ?? Number.POSITIVE_INFINITY;
    for (const segment of [...await this.chain.log.segments()].reverse()) {
      if (found.length >= limit) break;
      const { first, last } = await this.chain.bounds(segment);
      // Entries are appended in time order: a segment ending before `since` ends the search.
      if (filter.since !== undefined && last && last.time < filter.since) break;
      if (filter.until !== undefined && first && first.time > filter.until) continue;
      for await (const entry of this.chain.backward([segment])) {
        if (!matches(entry, filter)) continue;
        found.push(entry);
        if (found.length >= limit) break;
      }
    }
    return found.reverse();
  }

  /** Every line, oldest first, one segment at a time (bounded memory however long the log is). */
  async *segmentsOfLines(): AsyncGenerator<ReadLine<AuditEntry>[]> {
    for (const segment of await this.chain.log.segments()) {
      const lines: ReadLine<AuditEntry>[] = [];
      for await (const line of this.chain.forward([segment])) lines.push(line);
      yield lines;
    }
  }

  /** Every entry, oldest first, streamed. */
  async *entries(): AsyncGenerator<AuditEntry> {
    for await (const line of this.chain.forward()) if (line.record) yield line.record;
  }

  private async monthOf(segment: Segment): Promise<string | undefined> {
    if (this.newestFirstLine?.file !== segment.file) {
      const line = await this.chain.log.firstLine(segment);
      const first = line === undefined ? undefined : parseLink<AuditEntry>(line);
      if (!first) return undefined;
      this.newestFirstLine = { file: segment.file, month: first.time.slice(0, 7) };
    }
    return this.newestFirstLine.month;
  }
}
