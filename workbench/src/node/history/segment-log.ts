import { createReadStream } from 'node:fs';
import { mkdir, open, readdir, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { syncDirectory } from '../core/durable-files.js';
import { acquireFileLock } from '../core/file-lock.js';

/** One segment file: `<12-digit first sequence number>.jsonl`, lines appended, never rewritten. */
export interface Segment {
  readonly file: string;
  readonly firstSeq: number;
}

export interface SegmentLogOptions {
  /** A segment at or above this size is closed; the next append starts a new one. */
  readonly maxSegmentBytes: number;
  /** Called when a lock this process held was taken over by another process. */
  readonly onLockCompromised: (error: Error) => void;
}

const segmentName = /^(\d{12})\.jsonl$/;
const lockStaleMs = 10_000;
/** Enough for most lines in one read; longer ones (a job record with its log) take more reads. */
const tailChunkBytes = 64 * 1024;

export function segmentFileName(firstSeq: number): string {
  return `${String(firstSeq).padStart(12, '0')}.jsonl`;
}

/**
 * Append-only JSON-lines history in rotated segment files under one folder. Appends run under an inter-process
 * lock, go to the newest segment in one write and are fsynced before they resolve; nothing ever rewrites a line,
 * so the cost of an append does not depend on how much history there is. Whole segments may be removed
 * (retention, erasure).
 */
export class SegmentLog {
  constructor(readonly dir: string, private readonly options: SegmentLogOptions) {}

  async segments(): Promise<Segment[]> {
    const names = await readdir(this.dir).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return [] as string[];
      throw error;
    });
    return names.flatMap((name) => {
      const match = segmentName.exec(name);
      return match ? [{ file: join(this.dir, name), firstSeq: Number(match[1]) }] : [];
    }).sort((a, b) => a.firstSeq - b.firstSeq);
  }

  /** Runs `fn` while holding the folder's inter-process lock (appends and removals take it themselves). */
  async locked<T>(fn: () => Promise<T>): Promise<T> {
    await mkdir(this.dir, { recursive: true });
    const release = await acquireFileLock(this.dir, {
      staleMs: lockStaleMs, what: 'The history folder', onCompromised: this.options.onLockCompromised,
    });
    try {
      return await fn();
    } finally {
      await release().catch(() => undefined);
    }
  }

  /**
   * Appends whole lines to the newest segment, or to a new segment starting at `firstSeq` when the newest is full,
   * missing, or `newSegment` asks for one. The caller holds the lock. A failed write is cut back to where it started.
   */
  async appendLocked(lines: readonly string[], firstSeq: number, newSegment = false): Promise<void> {
    if (lines.length === 0) return;
    const last = (await this.segments()).at(-1);
    const size = last ? (await stat(last.file)).size : 0;
    const file = !last || newSegment || size >= this.options.maxSegmentBytes ? join(this.dir, segmentFileName(firstSeq)) : last.file;
    const before = file === last?.file ? size : 0;
    // A line torn by a crash stays, as its own (damaged) line: the new lines never merge into it.
    const torn = before > 0 && !(await endsWithNewline(file, before));
    const text = `${torn ? '\n' : ''}${lines.join('\n')}\n`;
    const handle = await open(file, 'a', 0o600);
    try {
      await handle.write(text);
      await handle.sync();
    } catch (error) {
      await handle.truncate(before).catch(() => undefined);
      throw error;
    } finally {
      await handle.close();
    }
    if (file !== last?.file) await syncDirectory(this.dir);
  }

  /** Lines of one segment, first to last, streamed. */
  async *lines(segment: Segment): AsyncGenerator<string> {
    const input = createReadStream(segment.file, { encoding: 'utf8', highWaterMark: 1024 * 1024 });
    const reader = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
    try {
      for await (const line of reader) if (line !== '') yield line;
    } finally {
      reader.close();
      input.destroy();
    }
  }

  /**
   * Lines of one segment, last to first, read from its end in chunks: a listing of the newest entries costs the
   * same however large the segment is. Lines split at newline bytes, which never occur inside a UTF-8 character.
   */
  async *linesBackward(segment: Segment): AsyncGenerator<string> {
    const handle = await open(segment.file, 'r');
    try {
      let end = (await handle.stat()).size;
      let carry = Buffer.alloc(0);
      while (end > 0) {
        const start = Math.max(0, end - tailChunkBytes);
        const chunk = Buffer.alloc(end - start);
        await handle.read(chunk, 0, chunk.length, start);
        let bytes = Buffer.concat([chunk, carry]);
        for (let newline = bytes.lastIndexOf(0x0a); newline >= 0; newline = bytes.lastIndexOf(0x0a)) {
          const line = bytes.subarray(newline + 1).toString('utf8');
          bytes = bytes.subarray(0, newline);
          if (line !== '') yield line;
        }
        carry = Buffer.from(bytes);
        end = start;
      }
      if (carry.length > 0) yield carry.toString('utf8');
    } finally {
      await handle.close();
    }
  }

  /** The last line `accept` takes, read from the segment's end, and how many lines after it it did not (a torn write). */
  async lastLine(segment: Segment, accept: (line: string) => boolean): Promise<{ line?: string; skipped: number }> {
    let skipped = 0;
    for await (const line of this.linesBackward(segment)) {
      if (accept(line)) return { line, skipped };
      skipped++;
    }
    return { skipped };
  }

  /** The first line of a segment, read in small chunks (a streamed read would buffer a megabyte for it). */
  async firstLine(segment: Segment): Promise<string | undefined> {
    const handle = await open(segment.file, 'r');
    try {
      const { size } = await handle.stat();
      let bytes = Buffer.alloc(0);
      for (let position = 0; position < size; position += tailChunkBytes) {
        const chunk = Buffer.alloc(Math.min(tailChunkBytes, size - position));
        await handle.read(chunk, 0, chunk.length, position);
        bytes = Buffer.concat([bytes, chunk]);
        const newline = bytes.indexOf(0x0a);
        if (newline >= 0) return bytes.subarray(0, newline).toString('utf8');
      }
      return bytes.length > 0 ? bytes.toString('utf8') : undefined;
    } finally {
      await handle.close();
    }
  }

  /** Removes whole segments; the caller holds the lock. */
  async removeLocked(segments: readonly Segment[]): Promise<void> {
    for (const segment of segments) await unlink(segment.file);
    if (segments.length > 0) await syncDirectory(this.dir);
  }
}

async function endsWithNewline(file: string, size: number): Promise<boolean> {
  const handle = await open(file, 'r');
  try {
    const byte = Buffer.alloc(1);
    await handle.read(byte, 0, 1, size - 1);
    return byte[0] === 0x0a;
  } finally {
    await handle.close();
  }
}
