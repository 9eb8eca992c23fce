import type { EntryDto, SnapshotDto } from '../api/api-types.js';
import type { WorkbenchState } from '../state/workbench-state.js';

/**
 * Downloads a file, or a folder as an archive, from a snapshot: the server hands out a one-time link and the browser
 * follows it like any download, streaming to disk (no copy in memory).
 */
export async function downloadEntry(state: WorkbenchState, snapshot: Pick<SnapshotDto, 'repository' | 'id'>, entry: Pick<EntryDto, 'path' | 'type'>, format?: 'tar' | 'zip'): Promise<void> {
  const url = await state.attempt(`Download of ${entry.path}`, () => state.api.downloadLink(snapshot.repository, snapshot.id, entry.path, entry.type === 'dir' ? format ?? 'tar' : undefined));
  if (!url) return;
  const link = document.createElement('a');
  link.href = url;
  link.download = '';
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
}
