import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../core/durable-files.js';
import type { ChainHead } from '../history/chained-log.js';

export const auditAnchorFileName = 'audit-head.json';

/**
 * The head anchor kept beside the segments, so that cutting entries off the tail still shows. Written after each
 * appended batch, so it may lag behind the log (crash), never lead. Someone who can write the data dir can rewrite
 * it too: the heads recorded in backup snapshots (`audit verify --against`) are the anchors out of their reach.
 */
export class AuditAnchorFile {
  readonly file: string;

  constructor(dataDir: string) {
    this.file = join(dataDir, auditAnchorFileName);
  }

  async read(): Promise<ChainHead | undefined> {
    const text = await readFile(this.file, 'utf8').catch(() => undefined);
    if (text === undefined) return undefined;
    try {
      const value = JSON.parse(text) as Partial<ChainHead>;
      return typeof value.seq === 'number' && typeof value.hash === 'string' ? { seq: value.seq, hash: value.hash } : undefined;
    } catch {
      return undefined;
    }
  }

  /** `reset` after a rotation or erasure, when the head may legitimately move to an unrelated place. */
  async write(anchor: ChainHead, reset = false): Promise<void> {
    // Another process may have written a newer head meanwhile: never move the anchor backwards.
    const current = reset ? undefined : await this.read();
    if (current && current.seq > anchor.seq) return;
    await writeFileAtomic(this.file, `${JSON.stringify({ seq: anchor.seq, hash: anchor.hash })}\n`);
  }
}
