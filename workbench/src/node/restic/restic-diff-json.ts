import { isRecord, parseJsonLine } from './restic-json.js';

/** One side of restic diff's statistics (`added` / `removed`). */
export interface ResticDiffTotals {
  readonly files: number;
  readonly dirs: number;
  readonly bytes: number;
}

export interface SnapshotChanges {
  readonly added: string[];
  readonly removed: string[];
  /** Content or type changed (restic's `M` and `T`). */
  readonly changed: string[];
  readonly addedTotals?: ResticDiffTotals;
  readonly removedTotals?: ResticDiffTotals;
}

const totals = (value: unknown): ResticDiffTotals | undefined =>
  isRecord(value) ? { files: Number(value['files'] ?? 0), dirs: Number(value['dirs'] ?? 0), bytes: Number(value['bytes'] ?? 0) } : undefined;

/** Reads `restic diff --json` lines (`change` messages with a modifier, then one `statistics` message). */
export class DiffCollector {
  private readonly changes: { added: string[]; removed: string[]; changed: string[] } = { added: [], removed: [], changed: [] };
  private statistics: Record<string, unknown> | undefined;

  add(line: string): void {
    const message = parseJsonLine(line);
    if (!isRecord(message)) return;
    if (message['message_type'] === 'statistics') this.statistics = message;
    if (message['message_type'] !== 'change' || typeof message['path'] !== 'string') return;
    const modifier = String(message['modifier'] ?? '');
    if (modifier.includes('+')) this.changes.added.push(message['path']);
    else if (modifier.includes('-')) this.changes.removed.push(message['path']);
    else if (/[MT]/.test(modifier)) this.changes.changed.push(message['path']);
  }

  result(): SnapshotChanges {
    const added = totals(this.statistics?.['added']);
    const removed = totals(this.statistics?.['removed']);
    return { ...this.changes, ...(added ? { addedTotals: added } : {}), ...(removed ? { removedTotals: removed } : {}) };
  }
}
