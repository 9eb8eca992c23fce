import { mkdir, open, readFile, stat, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import lockfile from 'proper-lockfile';
import { writeFileAtomic } from '../core/durable-files.js';
import type { AuditEntry } from '../audit/audit-service.js';

/** A delivery that moves a backlog this large (bytes) rewrites the queue without the delivered part. */
const COMPACT_AFTER_BYTES = 1024 * 1024;
const BATCH_BYTES = 256 * 1024;

export interface QueueStats {
  /** Entries waiting for delivery. */
  readonly queued: number;
  readonly bytes: number;
  /** Entries not queued because the queue was full (since the sink was first used). */
  readonly dropped: number;
}

export interface QueueBatch {
  readonly entries: readonly AuditEntry[];
  /** Pass to `acknowledge` once the entries were delivered. */
  readonly end: number;
}

/**
 * One sink's on-disk queue in its own folder: `queue.jsonl` (appended, one entry per line), `cursor` (byte offset of
 * the first entry not delivered yet) and `dropped`. Any process may append (under a short lock); one process at a
 * time delivers (under a second lock it holds for the whole delivery), so entries leave in the order they came.
 */
export class AuditSinkQueue {
  private readonly file: string;
  private readonly cursorFile: string;
  private readonly droppedFile: string;

  constructor(readonly dir: string, readonly maxBytes: number) {
    this.file = join(dir, 'queue.jsonl');
    this.cursorFile = join(dir, 'cursor');
    this.droppedFile = join(dir, 'dropped');
  }

  /** Appends entries in order; returns how many did not fit (they are counted as dropped). */
  async append(entries: readonly AuditEntry[]): Promise<number> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    return this.withAppendLock(async () => {
      const backlog = (await this.size()) - (await this.cursor());
      const lines = entries.map((e) => `${JSON.stringify(e)}\n`);
      let room = this.maxBytes - backlog;
      const fitting = lines.filter((line) => (room -= Buffer.byteLength(line)) >= 0);
      if (fitting.length > 0) {
        const handle = await open(this.file, 'a', 0o600);
        try {
          await handle.write(fitting.join(''));
          await handle.sync();
        } finally {
          await handle.close();
        }
      }
      const dropped = lines.length - fitting.length;
      if (dropped > 0) await writeFile(this.droppedFile, String((await this.dropped()) + dropped));
      return dropped;
    });
  }

  /**
   * Runs `deliver` while holding the delivery lock; undefined when another process is delivering right now.
   * The lock is refreshed while held; a process that died holding it loses it after a minute.
   */
  async whileDelivering<T>(deliver: () => Promise<T>): Promise<T | undefined> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    let release: () => Promise<void>;
    try {
      // proper-lockfile keys its locks by path: each lock needs a path of its own (the files need not exist).
      release = await lockfile.lock(join(this.dir, 'deliver'), { realpath: false, retries: 0, stale: 60_000, update: 10_000, onCompromised: () => undefined });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ELOCKED') return undefined;
      throw error;
    }
    try {
      return await deliver();
    } finally {
      await release();
    }
  }

  /** The oldest undelivered entries (at most ~256 KiB); call only inside `whileDelivering`. */
  async next(): Promise<QueueBatch> {
    const start = await this.cursor();
    const handle = await open(this.file, 'r').catch(() => undefined);
    if (!handle) return { entries: [], end: start };
    try {
      const buffer = Buffer.alloc(BATCH_BYTES);
      let { bytesRead } = await handle.read(buffer, 0, BATCH_BYTES, start);
      let text = buffer.subarray(0, bytesRead).toString('utf8');
      const lastNewline = text.lastIndexOf('\n');
      if (lastNewline < 0 && bytesRead === BATCH_BYTES) {
        // One entry larger than a batch: read it whole.
        const whole = await readFile(this.file);
        text = whole.subarray(start, whole.indexOf(0x0a, start) + 1).toString('utf8');
        bytesRead = Buffer.byteLength(text);
      } else {
        text = text.slice(0, lastNewline + 1);
      }
      const entries = text.split('\n').filter(Boolean).map((line) => JSON.parse(line) as AuditEntry);
      return { entries, end: start + Buffer.byteLength(text) };
    } finally {
      await handle.close();
    }
  }

  /** Marks everything before `end` delivered; once nothing is left (or much is delivered) the file is compacted. */
  async acknowledge(end: number): Promise<void> {
    await this.writeCursor(end);
    await this.withAppendLock(async () => {
      const size = await this.size();
      if (end >= size) {
        await truncate(this.file, 0).catch(() => undefined);
        await this.writeCursor(0);
      } else if (end >= COMPACT_AFTER_BYTES) {
        const rest = (await readFile(this.file)).subarray(end);
        await writeFileAtomic(this.file, rest, 0o600);
        await this.writeCursor(0);
      }
    });
  }

  async stats(): Promise<QueueStats> {
    const [cursor, dropped, text] = await Promise.all([this.cursor(), this.dropped(), readFile(this.file, 'utf8').catch(() => '')]);
    const pending = Buffer.from(text).subarray(cursor);
    return { queued: pending.toString('utf8').split('\n').filter(Boolean).length, bytes: pending.length, dropped };
  }

  private async withAppendLock<T>(fn: () => Promise<T>): Promise<T> {
    const release = await lockfile.lock(join(this.dir, 'append'), { realpath: false, stale: 10_000, retries: { retries: 200, minTimeout: 5, maxTimeout: 50 } });
    try {
      return await fn();
    } finally {
      await release();
    }
  }

  private async size(): Promise<number> {
    return stat(this.file).then((s) => s.size, () => 0);
  }

  private async cursor(): Promise<number> {
    return readFile(this.cursorFile, 'utf8').then((t) => Number(t) || 0, () => 0);
  }

  private async dropped(): Promise<number> {
    return readFile(this.droppedFile, 'utf8').then((t) => Number(t) || 0, () => 0);
  }

  private async writeCursor(offset: number): Promise<void> {
    // Atomic: a crash leaves the old cursor (entries delivered again), never a torn one.
    await writeFileAtomic(this.cursorFile, String(offset));
  }
}
