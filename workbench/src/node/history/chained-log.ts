import { stat } from 'node:fs/promises';
import type { Segment, SegmentLog } from './segment-log.js';

/** What every record of a chained history carries: its place and its link to the one before. */
export interface ChainLink {
  readonly seq: number;
  readonly prevHash: string;
  readonly hash: string;
}

/** The last record of a chain (or the genesis before the first). */
export interface ChainHead {
  readonly seq: number;
  readonly hash: string;
}

/** A line of a segment as read back: a record, or a line that is not one (torn by a crash, or edited). */
export type ReadLine<R> =
  | { readonly record: R; readonly segment: Segment; readonly damaged?: undefined }
  | { readonly damaged: string; readonly segment: Segment; readonly record?: undefined };

/** What a chain transaction may do while it holds the lock. */
export interface ChainTransaction<R extends ChainLink> {
  head(): Promise<ChainHead>;
  segments(): Promise<Segment[]>;
  /** Appends records already chained onto `head()`; `newSegment` starts them in a segment of their own. */
  append(records: readonly R[], newSegment?: boolean): Promise<void>;
  /** Removes whole segments (behind a checkpoint that names where the kept chain starts). */
  remove(segments: readonly Segment[]): Promise<void>;
}

/** The predecessor of the very first record. */
export const GENESIS_HASH = '0'.repeat(64);

export function parseLink<R extends ChainLink>(line: string): R | undefined {
  try {
    const value = JSON.parse(line) as Partial<ChainLink> | null;
    return value && typeof value.seq === 'number' && typeof value.hash === 'string' && typeof value.prevHash === 'string' ? value as R : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A hash chain over a segment log: each record names its sequence number, its predecessor's hash and its own.
 * The chain does not know how hashes are made; `append` hands the head to a builder that makes the records.
 */
export class ChainedLog<R extends ChainLink> {
  private cached: { readonly file: string; readonly size: number; readonly head: ChainHead } | undefined;
  /** Lines that did not parse at the tail when the head was last read (a torn write). */
  tornTail = 0;

  constructor(readonly log: SegmentLog) {}

  /** The newest record's place, read from the end of the newest segment; genesis when there is none. */
  async head(): Promise<ChainHead> {
    const segments = await this.log.segments();
    for (const segment of [...segments].reverse()) {
      const { line, skipped } = await this.log.lastLine(segment, (l) => parseLink(l) !== undefined);
      this.tornTail = skipped;
      if (line) {
        const record = parseLink<R>(line)!;
        return { seq: record.seq, hash: record.hash };
      }
    }
    return { seq: 0, hash: GENESIS_HASH };
  }

  /**
   * Runs `fn` under the folder's inter-process lock with a transaction that reads the head and appends records
   * onto it (and may remove whole segments behind a checkpoint). Everything in one transaction sees one chain.
   */
  transaction<T>(fn: (tx: ChainTransaction<R>) => Promise<T>): Promise<T> {
    return this.log.locked(() => fn({
      head: () => this.lockedHead(),
      segments: () => this.log.segments(),
      append: (records, newSegment = false) => this.appendLocked(records, newSegment),
      remove: async (segments) => {
        await this.log.removeLocked(segments);
        this.cached = undefined;
      },
    }));
  }

  /** Chains the records `build` makes from the head onto the log, in one locked write. */
  append(build: (head: ChainHead) => R[] | Promise<R[]>): Promise<R[]> {
    return this.transaction(async (tx) => {
      const records = await build(await tx.head());
      await tx.append(records);
      return records;
    });
  }

  /** Every line of every segment, oldest first, streamed. */
  async *forward(segments?: readonly Segment[]): AsyncGenerator<ReadLine<R>> {
    for (const segment of segments ?? await this.log.segments()) {
      for await (const line of this.log.lines(segment)) {
        const record = parseLink<R>(line);
        yield record ? { record, segment } : { damaged: line, segment };
      }
    }
  }

  /** Records newest first, segment by segment; unreadable lines are skipped (verification reports them). */
  async *backward(segments?: readonly Segment[]): AsyncGenerator<R> {
    for (const segment of [...(segments ?? await this.log.segments())].reverse()) {
      for await (const line of this.log.linesBackward(segment)) {
        const record = parseLink<R>(line);
        if (record) yield record;
      }
    }
  }

  /** The first and last record of a segment (for skipping whole segments by sequence number or time). */
  async bounds(segment: Segment): Promise<{ first?: R; last?: R }> {
    const firstLine = await this.log.firstLine(segment);
    const { line } = await this.log.lastLine(segment, (l) => parseLink(l) !== undefined);
    return { ...(firstLine && parseLink<R>(firstLine) ? { first: parseLink<R>(firstLine)! } : {}), ...(line ? { last: parseLink<R>(line)! } : {}) };
  }

  private async appendLocked(records: readonly R[], newSegment: boolean): Promise<void> {
    if (records.length === 0) return;
    await this.log.appendLocked(records.map((r) => JSON.stringify(r)), records[0]!.seq, newSegment);
    const last = records[records.length - 1]!;
    const newest = (await this.log.segments()).at(-1)!;
    this.cached = { file: newest.file, size: (await stat(newest.file)).size, head: { seq: last.seq, hash: last.hash } };
  }

  private async lockedHead(): Promise<ChainHead> {
    const newest = (await this.log.segments()).at(-1);
    if (newest && this.cached?.file === newest.file) {
      const { size } = await stat(newest.file);
      if (size === this.cached.size) return this.cached.head;
    }
    return this.head();
  }
}
