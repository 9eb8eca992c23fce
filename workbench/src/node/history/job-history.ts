import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { JobDto, JobFilter, JobKind, JsonValue } from '@timelocker/plugin-api';
import { canonicalJson } from './canonical-json.js';
import { ChainedLog, type ChainHead, type ChainLink } from './chained-log.js';
import { type Segment, SegmentLog } from './segment-log.js';

/** One finished job with its output, as kept in the job history. */
export interface JobRecord extends ChainLink {
  readonly job: JobDto;
  readonly log: readonly string[];
}

/** What history listings filter on, beyond the plugin API's JobFilter. */
export interface JobQuery extends JobFilter {
  readonly kind?: JobKind;
  /** Only jobs that finished at or after this time (ISO); lets a listing stop early. */
  readonly finishedSince?: string;
}

export const jobHistoryDirName = join('history', 'jobs');
const maxSegmentBytes = 8 * 1024 * 1024;
const idTimeDigits = 9;

function recordHash(prevHash: string, seq: number, job: JobDto, log: readonly string[]): string {
  return createHash('sha256').update(prevHash).update(canonicalJson({ seq, job: job as unknown as JsonValue, log: [...log] })).digest('hex');
}

/** The earliest creation time a job whose id starts with `prefix` can have (ids begin with base-36 milliseconds). */
export function earliestCreation(prefix: string): string | undefined {
  const digits = prefix.slice(0, idTimeDigits);
  if (!/^[0-9a-z]+$/.test(digits)) return undefined;
  const ms = parseInt(digits.padEnd(idTimeDigits, '0'), 36);
  return Number.isFinite(ms) && ms < 8.64e15 ? new Date(ms).toISOString() : undefined;
}

export function matchesQuery(job: JobDto, query: JobQuery): boolean {
  return (query.status === undefined || job.status === query.status)
    && (query.repository === undefined || job.repository === query.repository)
    && (query.plan === undefined || job.plan === query.plan)
    && (query.kind === undefined || job.kind === query.kind)
    && (query.finishedSince === undefined || (job.finishedAt ?? job.queuedAt) >= query.finishedSince);
}

/**
 * Finished jobs and their output in hash-chained segment files under `<data-dir>/history/jobs`, in the order they
 * finished. Appended once per job, never rewritten: a command's cost does not grow with years of jobs, and a lookup
 * by id stops at the first segment that ended before the job was created.
 */
export class JobHistory {
  readonly chain: ChainedLog<JobRecord>;

  constructor(dataDir: string, onLockCompromised: (error: Error) => void) {
    this.chain = new ChainedLog(new SegmentLog(join(dataDir, jobHistoryDirName), { maxSegmentBytes, onLockCompromised }));
  }

  append(finished: ReadonlyArray<{ readonly job: JobDto; readonly log: readonly string[] }>): Promise<JobRecord[]> {
    return this.chain.append((head: ChainHead) => {
      let previous = head;
      return finished.map(({ job, log }) => {
        const seq = previous.seq + 1;
        const record: JobRecord = { seq, prevHash: previous.hash, hash: recordHash(previous.hash, seq, job, log), job, log };
        previous = record;
        return record;
      });
    });
  }

  /** Jobs whose id is `idOrPrefix` or starts with it, newest first, at most `max`. */
  async find(idOrPrefix: string, max: number): Promise<JobRecord[]> {
    const since = earliestCreation(idOrPrefix);
    if (since === undefined) return [];
    const found: JobRecord[] = [];
    for (const segment of [...await this.chain.log.segments()].reverse()) {
      if (await this.endsBefore(segment, since)) break;
      for await (const record of this.chain.backward([segment])) {
        if (!record.job.id.startsWith(idOrPrefix)) continue;
        found.push(record);
        if (record.job.id === idOrPrefix || found.length >= max) return found;
      }
    }
    return found;
  }

  /** Matching jobs, newest finished first; `visit` returns false to stop. */
  async scan(query: JobQuery, visit: (job: JobDto) => boolean): Promise<void> {
    for (const segment of [...await this.chain.log.segments()].reverse()) {
      if (query.finishedSince !== undefined && await this.endsBefore(segment, query.finishedSince)) return;
      for await (const record of this.chain.backward([segment])) {
        if (matchesQuery(record.job, query) && !visit(record.job)) return;
      }
    }
  }

  /** Removes every segment (privacy erasure); the next record starts a new chain. */
  async eraseAll(): Promise<number> {
    return this.chain.transaction(async (tx) => {
      const segments = await tx.segments();
      let count = 0;
      for (const segment of segments) {
        const { first, last } = await this.chain.bounds(segment);
        if (first && last) count += last.seq - first.seq + 1;
      }
      await tx.remove(segments);
      return count;
    });
  }

  private async endsBefore(segment: Segment, time: string): Promise<boolean> {
    const { last } = await this.chain.bounds(segment);
    return last !== undefined && (last.job.finishedAt ?? last.job.queuedAt) < time;
  }
}
