import { createHash } from 'node:crypto';
import type { AuditDamage, AuditEntry, AuditVerification } from './audit-service.js';
import { canonicalJson } from './canonical-json.js';

/** The predecessor of the very first entry. */
export const GENESIS_HASH = '0'.repeat(64);

/** Event types that restart the chain: the latest one names the checkpoint the table must start at. */
export const CHECKPOINT_TYPES: ReadonlySet<string> = new Set(['audit.rotated', 'privacy.erased']);

/** Where the kept chain starts: the first kept entry's sequence number and its predecessor's hash. */
export interface AuditCheckpoint {
  readonly seq: number;
  readonly hash: string;
}

/** The last entry as recorded outside the table (catalog meta table and/or a file in the data dir). */
export interface AuditAnchor {
  readonly seq: number;
  readonly hash: string;
}

export type UnhashedEntry = Omit<AuditEntry, 'hash'>;

/** SHA-256 over the predecessor's hash and the entry's canonical JSON (its sequence number included, so order counts). */
export function entryHash(entry: UnhashedEntry): string {
  const content = canonicalJson({
    seq: entry.seq, time: entry.time, type: entry.type, severity: entry.severity,
    actor: entry.actor, target: entry.target, details: entry.details,
  });
  return createHash('sha256').update(entry.prevHash).update(content).digest('hex');
}

export interface ChainAnchors {
  readonly checkpoint: AuditCheckpoint;
  /** From the catalog's meta table (written in the same transaction as the entries). */
  readonly head?: AuditAnchor;
  /** From the data dir; may lag behind the catalog after a crash, never run ahead of it. */
  readonly fileHead?: AuditAnchor;
}

type Bad = NonNullable<AuditVerification['firstBad']>;

function bad(seq: number, damage: AuditDamage, problem: string): Bad {
  return { seq, damage, problem: `${damage}: ${problem}` };
}

/** Checks every link, the sequence, the checkpoint and both head anchors; names the first entry that does not verify. */
export function verifyChain(rows: readonly AuditEntry[], anchors: ChainAnchors): AuditVerification {
  const firstBad = findFirstBad(rows, anchors);
  const last = rows[rows.length - 1];
  return {
    intact: firstBad === undefined,
    entries: rows.length,
    headHash: last?.hash ?? anchors.checkpoint.hash,
    ...(firstBad ? { firstBad } : {}),
  };
}

function findFirstBad(rows: readonly AuditEntry[], anchors: ChainAnchors): Bad | undefined {
  const { checkpoint, head } = anchors;
  const positions = new Map(rows.map((row, index) => [row.hash, index]));
  let expectedSeq = checkpoint.seq;
  let expectedPrev = checkpoint.hash;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    const linksTo = row.prevHash === expectedPrev ? i - 1 : positions.get(row.prevHash);
    if (linksTo !== undefined && linksTo !== i - 1) {
      return bad(row.seq, 'reordered', `entry ${row.seq} follows entry ${rows[linksTo]!.seq} in the chain but sits at another position`);
    }
    if (row.seq > expectedSeq) {
      const missing = row.seq - 1 === expectedSeq ? `entry ${expectedSeq} is` : `entries ${expectedSeq}–${row.seq - 1} are`;
      return bad(expectedSeq, 'deleted', `${missing} missing before entry ${row.seq}`);
    }
    if (row.seq < expectedSeq) return bad(row.seq, 'inserted', `entry ${row.seq} precedes the chain's checkpoint (entry ${expectedSeq})`);
    if (head && row.seq > head.seq) {
      return bad(row.seq, 'inserted', `entry ${row.seq} lies beyond the recorded head (entry ${head.seq}): added without the chain`);
    }
    if (entryHash(row) !== row.hash) {
      return row.prevHash === expectedPrev
        ? bad(row.seq, 'edited', `entry ${row.seq} was changed after it was written (its hash does not match its fields)`)
        : bad(row.seq, 'edited', `entry ${row.seq} was changed and no longer links to entry ${row.seq - 1}`);
    }
    if (row.prevHash !== expectedPrev) {
      return i === 0
        ? bad(row.seq, 'forged', `entry ${row.seq} does not link to the checkpoint ${checkpoint.hash.slice(0, 12)}…`)
        : bad(rows[i - 1]!.seq, 'forged', `entry ${rows[i - 1]!.seq} carries a hash computed without the chain (entry ${row.seq} links to another hash)`);
    }
    expectedSeq = row.seq + 1;
    expectedPrev = row.hash;
  }
  return checkAnchors(rows, anchors);
}

function checkAnchors(rows: readonly AuditEntry[], { checkpoint, head, fileHead }: ChainAnchors): Bad | undefined {
  const last = rows[rows.length - 1];
  const lastSeq = last?.seq ?? checkpoint.seq - 1;
  for (const [anchor, where] of [[head, 'catalog head anchor'], [fileHead, 'data-dir head anchor']] as const) {
    if (!anchor) continue;
    if (anchor.seq > lastSeq) {
      return bad(lastSeq + 1, 'truncated', `the ${where} records entry ${anchor.seq} as the last one, but the log ends at entry ${lastSeq}`);
    }
    const atAnchor = rows.find((row) => row.seq === anchor.seq);
    if (atAnchor && atAnchor.hash !== anchor.hash) {
      return bad(anchor.seq, 'forged', `entry ${anchor.seq} has hash ${atAnchor.hash.slice(0, 12)}…, the ${where} recorded ${anchor.hash.slice(0, 12)}…`);
    }
  }
  if (head && head.seq < lastSeq) return bad(head.seq + 1, 'inserted', `entries after ${head.seq} are beyond the recorded head`);
  const restart = [...rows].reverse().find((row) => CHECKPOINT_TYPES.has(row.type));
  const expected = restart
    ? { seq: Number(restart.details['firstKeptSeq']), hash: String(restart.details['predecessorHash']) }
    : { seq: 1, hash: GENESIS_HASH };
  if (expected.seq !== checkpoint.seq || expected.hash !== checkpoint.hash) {
    const first = rows[0]?.seq ?? checkpoint.seq;
    return bad(expected.seq, 'deleted', `the log starts at entry ${first}, but ${restart ? `the ${restart.type} entry ${restart.seq}` : 'the absence of any rotation'} says it starts at entry ${expected.seq}`);
  }
  return undefined;
}
