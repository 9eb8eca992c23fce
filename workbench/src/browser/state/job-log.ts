import { formatBytes } from '@timelocker/plugin-api';
import type { JobProgress } from '../api/api-types.js';
import { formatCount, formatDuration } from '../widgets/format.js';

/** One line for the log and the status bar: "42 % · 120 / 500 files · 1.2 GiB / 3.0 GiB · 1 min 5 s left". */
export function progressLine(progress: JobProgress): string {
  const parts: string[] = [];
  if (progress.percent !== undefined) parts.push(`${Math.floor(progress.percent)} %`);
  if (progress.filesDone !== undefined) parts.push(`${formatCount(progress.filesDone)}${progress.totalFiles !== undefined ? ` / ${formatCount(progress.totalFiles)}` : ''} files`);
  if (progress.bytesDone !== undefined) parts.push(`${formatBytes(progress.bytesDone)}${progress.totalBytes !== undefined ? ` / ${formatBytes(progress.totalBytes)}` : ''}`);
  if (progress.secondsRemaining !== undefined && progress.secondsRemaining > 0) parts.push(`${formatDuration(progress.secondsRemaining)} left`);
  if (parts.length === 0 && progress.message) parts.push(progress.message);
  return parts.join(' · ');
}

/** Progress as shown: a repeated or late event never moves it backwards. */
export function laterProgress(shown: JobProgress | undefined, next: JobProgress): JobProgress {
  if (!shown) return next;
  const max = (a: number | undefined, b: number | undefined): number | undefined => (a === undefined ? b : b === undefined ? a : Math.max(a, b));
  return { ...next, percent: max(shown.percent, next.percent), filesDone: max(shown.filesDone, next.filesDone), bytesDone: max(shown.bytesDone, next.bytesDone) };
}
