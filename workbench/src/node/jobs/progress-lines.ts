import { formatBytes } from '@timelocker/plugin-api';
import type { JobProgressData } from './job-service.js';

/** A progress line at most every 10 % or every minute: a job's kept output stays short however long it runs. */
const stepPercent = 10;
const everyMs = 60_000;

/** Turns a stream of progress reports into the few lines worth keeping in the job's output. */
export class ProgressLines {
  private lastStep = -1;
  private lastAt = 0;

  lineFor(progress: JobProgressData, now = Date.now()): string | undefined {
    const percent = progress.percentDone * 100;
    const step = Math.floor(percent / stepPercent);
    if (step <= this.lastStep && now - this.lastAt < everyMs) return undefined;
    this.lastStep = Math.max(step, this.lastStep);
    this.lastAt = now;
    const parts = [`${percent.toFixed(1)} %`];
    if (progress.filesDone !== undefined) parts.push(`${progress.filesDone}${progress.totalFiles !== undefined ? ` / ${progress.totalFiles}` : ''} files`);
    if (progress.bytesDone !== undefined) parts.push(`${formatBytes(progress.bytesDone)}${progress.totalBytes !== undefined ? ` / ${formatBytes(progress.totalBytes)}` : ''}`);
    if (progress.secondsRemaining !== undefined) parts.push(`${Math.round(progress.secondsRemaining)} s left`);
    return `progress ${parts.join(' · ')}`;
  }
}
