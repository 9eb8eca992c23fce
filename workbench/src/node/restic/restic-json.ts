/** Shapes of restic's `--json` output (0.14+; zero fields are omitted by restic). */

export interface ResticBackupStatus {
  readonly message_type: 'status';
  readonly percent_done?: number;
  readonly total_files?: number;
  readonly files_done?: number;
  readonly total_bytes?: number;
  readonly bytes_done?: number;
  readonly seconds_elapsed?: number;
  readonly seconds_remaining?: number;
  readonly current_files?: readonly string[];
  readonly error_count?: number;
  readonly action?: string;
}

export interface ResticBackupSummary {
  readonly message_type: 'summary';
  readonly files_new?: number;
  readonly files_changed?: number;
  readonly files_unmodified?: number;
  readonly dirs_new?: number;
  readonly dirs_changed?: number;
  readonly dirs_unmodified?: number;
  readonly data_added?: number;
  readonly total_files_processed?: number;
  readonly total_bytes_processed?: number;
  readonly total_duration?: number;
  readonly snapshot_id?: string;
}

export interface ResticSnapshot {
  readonly id: string;
  readonly short_id: string;
  readonly time: string;
  readonly tree: string;
  readonly paths: readonly string[];
  readonly hostname: string;
  readonly username?: string;
  readonly tags?: readonly string[];
  readonly parent?: string;
  /** Set on a copy made by `restic copy`: the id of the snapshot it was copied from. */
  readonly original?: string;
}

export interface ResticNode {
  readonly name: string;
  readonly type: 'file' | 'dir' | 'symlink' | string;
  readonly path: string;
  readonly size?: number;
  readonly mode?: number;
  readonly permissions?: string;
  readonly mtime?: string;
  readonly struct_type?: 'node' | 'snapshot';
}

export function parseJsonLine(line: string): unknown {
  const trimmed = line.trim();
  if (!trimmed.startsWith('{') && !trimmed.startsWith('[')) return undefined;
  try {
    return JSON.parse(trimmed) as unknown;
  } catch {
    return undefined;
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
