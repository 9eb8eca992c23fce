import { appendFile, mkdir, readFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';

/** Output of a running job is appended here, one file per job, and moves into the job history when it finishes. */
export const liveLogsDirName = 'job-logs';

/** A job keeps at most this many lines: the first ones and the last ones, with a note of what was left out. */
export const MAX_LOG_LINES = 1000;
const KEPT_HEAD = 200;
const MAX_LINE_CHARS = 2000;
/** A running job stops writing its file beyond this (it may print for days); the count of dropped lines is kept. */
const MAX_LIVE_LINES = 20_000;

/** The first and last lines of a long log, with a line saying how many were left out between them. */
export function boundLog(lines: readonly string[]): string[] {
  const clipped = lines.map((line) => (line.length > MAX_LINE_CHARS ? `${line.slice(0, MAX_LINE_CHARS)}…` : line));
  if (clipped.length <= MAX_LOG_LINES) return clipped;
  const tail = MAX_LOG_LINES - KEPT_HEAD - 1;
  return [...clipped.slice(0, KEPT_HEAD), `… ${clipped.length - KEPT_HEAD - tail} lines left out …`, ...clipped.slice(-tail)];
}

/** Live job output files under `<data-dir>/job-logs`: appended while the job runs, readable by every process. */
export class JobLogFiles {
  readonly dir: string;
  private readonly written = new Map<string, number>();
  /** The lines of jobs this process writes from their first line on, as their files hold them: read without the file. */
  private readonly mirrors = new Map<string, string[]>();
  /** Appends of one job run one after the other, so lines keep their order. */
  private readonly queues = new Map<string, Promise<void>>();

  constructor(dataDir: string) {
    this.dir = join(dataDir, liveLogsDirName);
  }

  append(jobId: string, lines: readonly string[]): Promise<void> {
    const count = this.written.get(jobId) ?? 0;
    const room = Math.max(0, MAX_LIVE_LINES - count);
    const kept = lines.slice(0, room).map((l) => l.replace(/\n/g, ' '));
    this.written.set(jobId, count + lines.length);
    if (kept.length === 0) return this.queues.get(jobId) ?? Promise.resolve();
    const text = `${kept.join('\n')}\n`;
    const file = this.file(jobId);
    // The folder is made when an append finds it missing: one file operation a line, not two.
    const write = (): Promise<void> => appendFile(file, text, { mode: 0o600 });
    const run = (this.queues.get(jobId) ?? Promise.resolve()).then(write).catch(async (error: unknown) => {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      await mkdir(this.dir, { recursive: true, mode: 0o700 });
      await write();
    }).then(
      () => void this.mirrors.get(jobId)?.push(...kept.filter((l) => l !== '')),
      (error: unknown) => {
        // What reached the file is unknown now: the file is the truth again.
        this.mirrors.delete(jobId);
        throw error;
      },
    );
    this.queues.set(jobId, run.catch(() => undefined));
    return run;
  }

  /** What the job printed so far (its whole file), or undefined when it has none here. */
  async read(jobId: string): Promise<string[] | undefined> {
    await this.queues.get(jobId);
    const lines = await this.linesOf(jobId);
    if (!lines) return undefined;
    const dropped = (this.written.get(jobId) ?? 0) - MAX_LIVE_LINES;
    return dropped > 0 ? [...lines, `… ${dropped} more lines were not kept …`] : lines;
  }

  /** A new job of this process, whose every line this process will append: `read` answers it from memory. */
  track(jobId: string): void {
    this.mirrors.set(jobId, []);
  }

  async remove(jobId: string): Promise<void> {
    await this.queues.get(jobId);
    this.queues.delete(jobId);
    this.written.delete(jobId);
    this.mirrors.delete(jobId);
    await unlink(this.file(jobId)).catch(() => undefined);
  }

  private async linesOf(jobId: string): Promise<string[] | undefined> {
    const mirror = this.mirrors.get(jobId);
    if (mirror) return [...mirror];
    const text = await readFile(this.file(jobId), 'utf8').catch(() => undefined);
    return text?.split('\n').filter((l) => l !== '');
  }

  private file(jobId: string): string {
    return join(this.dir, `${jobId}.log`);
  }
}
