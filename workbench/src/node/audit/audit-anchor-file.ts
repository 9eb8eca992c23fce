import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../core/durable-files.js';
import type { AuditAnchor } from './audit-chain.js';

export const auditAnchorFileName = 'audit-head.json';

/**
 * The head anchor kept beside the catalog, so that cutting rows off the tail and fixing the catalog's own
 * meta table still shows. Written after each committed batch, so it may lag behind the catalog (crash), never lead.
 */
export class AuditAnchorFile {
  readonly file: string;

  constructor(dataDir: string) {
    this.file = join(dataDir, auditAnchorFileName);
  }

  async read(): Promise<AuditAnchor | undefined> {
    const text = await readFile(this.file, 'utf8').catch(() => undefined);
    if (text === undefined) return undefined;
    try {
      const value = JSON.parse(text) as Partial<AuditAnchor>;
      return typeof value.seq === 'number' && typeof value.hash === 'string' ? { seq: value.seq, hash: value.hash } : undefined;
    } catch {
      return undefined;
    }
  }

  /** `reset` after a rotation or erasure, when the head may legitimately move to an unrelated place. */
  async write(anchor: AuditAnchor, reset = false): Promise<void> {
    // Another process may have written a newer head meanwhile: never move the anchor backwards.
    const current = reset ? undefined : await this.read();
    if (current && current.seq > anchor.seq) return;
    await writeFileAtomic(this.file, `${JSON.stringify({ seq: anchor.seq, hash: anchor.hash })}\n`);
  }
}
