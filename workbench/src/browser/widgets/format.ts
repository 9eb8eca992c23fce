import { formatBytes } from '@timelocker/plugin-api';

export function formatCount(count: number): string {
  return count.toLocaleString('en-US');
}

export function formatDuration(seconds: number): string {
  if (seconds < 60) return `${seconds.toFixed(seconds < 10 ? 1 : 0)} s`;
  const minutes = Math.floor(seconds / 60);
  return minutes < 60 ? `${minutes} min ${Math.round(seconds % 60)} s` : `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

export function formatTime(iso: string | undefined): string {
  return iso ? new Date(iso).toLocaleString() : '—';
}

/** A job summary's known fields as a person reads them; unknown ones keep their name, humanized. */
const SUMMARY_FIELDS: Record<string, { label: string; format?: (value: number) => string }> = {
  snapshotId: { label: 'Snapshot' },
  filesNew: { label: 'New files', format: formatCount },
  filesChanged: { label: 'Changed files', format: formatCount },
  filesUnmodified: { label: 'Unchanged files', format: formatCount },
  dirsNew: { label: 'New folders', format: formatCount },
  dirsChanged: { label: 'Changed folders', format: formatCount },
  dirsUnmodified: { label: 'Unchanged folders', format: formatCount },
  dataAdded: { label: 'Data added', format: formatBytes },
  totalFilesProcessed: { label: 'Files processed', format: formatCount },
  totalBytesProcessed: { label: 'Data processed', format: formatBytes },
  durationSeconds: { label: 'Duration', format: formatDuration },
  unreadableFiles: { label: 'Unreadable files', format: formatCount },
  verifiedFiles: { label: 'Files verified', format: formatCount },
  checkedEntries: { label: 'Entries checked', format: formatCount },
  kept: { label: 'Snapshots kept', format: formatCount },
  removed: { label: 'Snapshots removed', format: formatCount },
  removedSnapshots: { label: 'Removed snapshots' },
  removedSize: { label: 'Space freed' },
  attempts: { label: 'Attempts', format: formatCount },
};

/** "keepDaily" → "Keep daily". */
export function humanize(key: string): string {
  const words = key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/[_-]+/g, ' ').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export function summaryEntries(summary: Readonly<Record<string, unknown>>): Array<{ key: string; label: string; value: string }> {
  return Object.entries(summary).filter(([, value]) => value !== undefined && value !== null).map(([key, value]) => {
    const field = SUMMARY_FIELDS[key];
    const text = typeof value === 'number' && field?.format ? field.format(value)
      : Array.isArray(value) ? value.map(String).join(', ') : typeof value === 'object' ? JSON.stringify(value) : String(value);
    return { key, label: field?.label ?? humanize(key), value: text };
  });
}
