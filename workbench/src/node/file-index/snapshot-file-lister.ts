import type { CancellationToken } from '@timelocker/plugin-api';
import type { ResticTarget } from '../restic/restic-engine.js';
import type { ResticRunner } from '../restic/restic-runner.js';
import type { ListedNode } from './snapshot-listing.js';

/**
 * Streams `restic ls --json` of one snapshot node by node (never the whole listing in memory). `--no-lock`: a
 * read that never makes forget, prune or a backup wait; if a prune removes data under it, the listing fails and is
 * simply tried again at the next sync.
 */
export async function listSnapshotFiles(runner: ResticRunner, target: ResticTarget, snapshotId: string, onNode: (node: ListedNode) => void, token: CancellationToken): Promise<void> {
  await runner.run(target, ['ls', '--json', '--no-lock', snapshotId], {
    onStdoutLine: (line) => {
      // Node lines start with their name; the first line describes the snapshot.
      if (!line.startsWith('{"name"')) return;
      const node = JSON.parse(line) as ListedNode & { struct_type?: string };
      if (node.struct_type === 'node') onNode(node);
    },
  }, token);
}
