import type { JobProgressData } from './job-service.js';

const max = (a: number | undefined, b: number | undefined): number | undefined => (a === undefined ? b : b === undefined ? a : Math.max(a, b));

/**
 * What a job shows as progress: counts and the percentage never go backwards (restic's estimate drops while its
 * scanner still finds files), never exceed 100 %, and a total smaller than what is already done (the scanner has
 * not finished counting, restic reports 0) is left out rather than shown as "1/0 files".
 */
export function honestProgress(previous: JobProgressData | undefined, next: JobProgressData): JobProgressData {
  const percentDone = Math.min(1, Math.max(0, max(previous?.percentDone, next.percentDone) ?? 0));
  const filesDone = max(previous?.filesDone, next.filesDone);
  const bytesDone = max(previous?.bytesDone, next.bytesDone);
  const { totalFiles, totalBytes, ...rest } = next;
  return {
    ...rest,
    percentDone,
    ...(filesDone !== undefined ? { filesDone } : {}),
    ...(bytesDone !== undefined ? { bytesDone } : {}),
    ...(totalFiles !== undefined && totalFiles > 0 && totalFiles >= (filesDone ?? 0) ? { totalFiles } : {}),
    ...(totalBytes !== undefined && totalBytes > 0 && totalBytes >= (bytesDone ?? 0) ? { totalBytes } : {}),
  };
}
