import { formatBytes } from '@timelocker/plugin-api';
import cliProgress from 'cli-progress';
import type { JobProgress } from '../node/jobs/job-service.js';

export interface ProgressView {
  update(progress: JobProgress): void;
  stop(): void;
}

/** A live bar (files, bytes, rate, ETA) on a TTY; nothing otherwise, so logs and pipes stay clean. */
export function createProgressView(enabled: boolean): ProgressView {
  if (!enabled || !process.stderr.isTTY) return { update: () => undefined, stop: () => undefined };
  const bar = new cliProgress.SingleBar({
    stream: process.stderr,
    format: '{bar} {percentage}% | {files} files | {bytes} | {rate}/s | ETA {eta_formatted}',
    hideCursor: true,
    etaBuffer: 20,
  }, cliProgress.Presets.shades_classic);
  let started = false;
  return {
    update(progress) {
      const payload = {
        files: `${progress.filesDone ?? 0}/${progress.totalFiles ?? 0}`,
        bytes: `${formatBytes(progress.bytesDone ?? 0)}/${formatBytes(progress.totalBytes ?? 0)}`,
        rate: formatBytes(progress.secondsElapsed ? (progress.bytesDone ?? 0) / progress.secondsElapsed : 0),
      };
      const value = Math.round(progress.percentDone * 1000);
      if (!started) {
        bar.start(1000, value, payload);
        started = true;
      } else {
        bar.update(value, payload);
      }
    },
    stop() {
      if (started) bar.stop();
    },
  };
}
