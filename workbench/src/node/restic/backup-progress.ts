import type { BackupProgress } from './restic-engine.js';
import type { ResticBackupStatus } from './restic-json.js';

/** restic omits zero fields; progress consumers get every field. */
export function toBackupProgress(status: ResticBackupStatus): BackupProgress {
  return {
    percentDone: status.percent_done ?? 0,
    filesDone: status.files_done ?? 0,
    totalFiles: status.total_files ?? 0,
    bytesDone: status.bytes_done ?? 0,
    totalBytes: status.total_bytes ?? 0,
    secondsElapsed: status.seconds_elapsed ?? 0,
    ...(status.seconds_remaining !== undefined ? { secondsRemaining: status.seconds_remaining } : {}),
    currentFiles: status.current_files ?? [],
    errorCount: status.error_count ?? 0,
  };
}
