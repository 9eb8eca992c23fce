import { createHash, createHmac } from 'node:crypto';
import { type ChainHead, GENESIS_HASH, type ReadLine } from '../history/chained-log.js';
import type { AuditKey } from './audit-key.js';
import type { AuditDamage, AuditEntry, AuditVerification, SnapshotAnchor } from './audit-service.js';
import { canonicalJson } from '../history/canonical-json.js';

/** Event types that restart the chain: each names the checkpoint (first kept entry and its predecessor's hash). */
export const CHECKPOINT_TYPES: ReadonlySet<string> = new Set(['audit.rotated', 'privacy.erased']);

export type UnhashedEntry = Omit<AuditEntry, 'hash'>;

/** canonicalJson({ seq, time, type, severity, actor, target, details }), written out in key order: it runs for every entry verified. */
function content(entry: UnhashedEntry): string {
  return `{"actor":${JSON.stringify(entry.actor)},"details":${canonicalJson(entry.details)},"seq":${canonicalJson(entry.seq)},` +
    `"severity":${JSON.stringify(entry.severity)},"target":${JSON.stringify(entry.target)},"time":${JSON.stringify(entry.time)},"type":${JSON.stringify(entry.type)}}`;
}

/** SHA-256 over the predecessor's hash and the entry's canonical JSON: how entries were chained before the key. */
export function legacyHash(entry: UnhashedEntry): string {
  return createHash('sha256').update(entry.prevHash).update(content(entry)).digest('hex');
}

/** HMAC-SHA-256 with the audit key: without the key nobody can recompute the chain after changing it. */
export function keyedHash(key: AuditKey, entry: UnhashedEntry): string {
  return createHmac('sha256', key.secret).update(entry.prevHash).update(content(entry)).digest('hex');
}

export function entryHash(entry: UnhashedEntry, key: AuditKey | undefined): string {
  return key && entry.seq >= key.keyedFromSeq ? keyedHash(key, entry) : legacyHash(entry);
}

type Bad = NonNullable<AuditVerification['firstBad']>;

function bad(seq: number, damage: AuditDamage, problem: string): Bad {
  return { seq, damage, problem: `${damage}: ${problem}` };
}

interface Checkpoint {
  readonly type: string;
  readonly seq: number;
  readonly firstKeptSeq: number;
  readonly predecessorHash: string;
}

export interface VerifyAnchors {
  /** The head as last written to the data dir; may lag behind the log after a crash, never lead. */
  readonly fileHead?: ChainHead;
  /** Heads recorded in backup snapshots (off-site), when verifying against a repository. */
  readonly snapshots?: readonly SnapshotAnchor[];
}

/**
 * Verifies the chain one segment at a time (a segment is bounded, the log is not): every link, the sequence, the
 * keyed hashes, where the log starts, and the recorded heads. Names the first entry that does not verify.
 */
export class ChainVerifier {
  private firstBad: Bad | undefined;
  private start: { seq: number; prevHash: string } | undefined;
  private expectedSeq = 0;
  private expectedPrev = GENESIS_HASH;
  private entries = 0;
  private readonly checkpoints: Checkpoint[] = [];
  private readonly watched = new Map<number, string>();

  constructor(private readonly key: AuditKey | undefined, private readonly anchors: VerifyAnchors = {}) {
    for (const seq of [anchors.fileHead?.seq, ...(anchors.snapshots ?? []).map((a) => a.seq)]) if (seq !== undefined) this.watched.set(seq, '');
  }

  get done(): boolean {
    return this.firstBad !== undefined;
  }

  /** Checks the lines of one segment; stops at the first problem. */
  checkSegment(lines: readonly ReadLine<AuditEntry>[]): void {
    const positions = new Map<string, number>();
    lines.forEach((line, index) => line.record && positions.set(line.record.hash, index));
    for (let i = 0; i < lines.length && !this.firstBad; i++) {
      const line = lines[i]!;
      if (!line.record) {
        this.firstBad = bad(this.expectedSeq || 1, 'damaged', `a line of ${line.segment.file} is not an audit entry (cut off by a crash, or edited): ${JSON.stringify(line.damaged.slice(0, 60))}`);
        return;
      }
      this.firstBad = this.checkEntry(line.record, i, positions, lines);
    }
  }

  result(): AuditVerification {
    const firstBad = this.firstBad ?? this.checkStart() ?? this.checkAnchors();
    const anchors = this.anchors.snapshots;
    return {
      intact: firstBad === undefined,
      entries: this.entries,
      headHash: this.entries > 0 ? this.expectedPrev : this.start?.prevHash ?? GENESIS_HASH,
      ...(firstBad ? { firstBad } : {}),
      ...(this.key ? { keyed: { keyId: this.key.id, fromSeq: this.key.keyedFromSeq } } : {}),
      ...(anchors ? { anchors: this.anchorSummary(anchors) } : {}),
    };
  }

  private checkEntry(row: AuditEntry, i: number, positions: ReadonlyMap<string, number>, lines: readonly ReadLine<AuditEntry>[]): Bad | undefined {
    if (!this.start) {
      this.start = { seq: row.seq, prevHash: row.prevHash };
      this.expectedSeq = row.seq;
      this.expectedPrev = row.prevHash;
    }
    const linksTo = row.prevHash === this.expectedPrev ? i - 1 : positions.get(row.prevHash);
    if (linksTo !== undefined && linksTo !== i - 1) {
      return bad(this.expectedSeq, 'reordered', `entry ${row.seq} sits where entry ${this.expectedSeq} belongs: it follows entry ${lines[linksTo]!.record!.seq} in the chain`);
    }
    if (row.seq > this.expectedSeq) {
      const missing = row.seq - 1 === this.expectedSeq ? `entry ${this.expectedSeq} is` : `entries ${this.expectedSeq}–${row.seq - 1} are`;
      return bad(this.expectedSeq, 'deleted', `${missing} missing before entry ${row.seq}`);
    }
    if (row.seq < this.expectedSeq) return bad(row.seq, 'inserted', `entry ${row.seq} appears again after entry ${this.expectedSeq - 1}`);
    const problem = this.hashProblem(row);
    if (problem) return problem;
    if (row.prevHash !== this.expectedPrev) {
      return bad(row.seq, 'forged', `entry ${row.seq} does not link to entry ${row.seq - 1}: it was written without the chain`);
    }
    if (CHECKPOINT_TYPES.has(row.type)) {
      this.checkpoints.push({ type: row.type, seq: row.seq, firstKeptSeq: Number(row.details['firstKeptSeq']), predecessorHash: String(row.details['predecessorHash']) });
    }
    if (this.watched.has(row.seq)) this.watched.set(row.seq, row.hash);
    this.entries++;
    this.expectedSeq = row.seq + 1;
    this.expectedPrev = row.hash;
    return undefined;
  }

  private hashProblem(row: AuditEntry): Bad | undefined {
    if (entryHash(row, this.key) === row.hash) return undefined;
    if (this.key && row.seq >= this.key.keyedFromSeq && legacyHash(row) === row.hash) {
      return bad(row.seq, 'forged', `entry ${row.seq} carries a hash computed without the audit key (the chain was recomputed by someone who does not have it)`);
    }
    return row.prevHash === this.expectedPrev
      ? bad(row.seq, 'edited', `entry ${row.seq} was changed after it was written (its hash does not match its fields)`)
      : bad(row.seq, 'edited', `entry ${row.seq} was changed and no longer links to entry ${row.seq - 1}`);
  }

  /** The log starts at the genesis, or exactly where a rotation or erasure it contains says. */
  private checkStart(): Bad | undefined {
    if (!this.start) return undefined;
    const { seq, prevHash } = this.start;
    const latest = this.checkpoints.at(-1);
    if (latest && latest.firstKeptSeq < seq) {
      return bad(latest.firstKeptSeq, 'deleted', `the log starts at entry ${seq}, but the ${latest.type} entry ${latest.seq} says it starts at entry ${latest.firstKeptSeq}`);
    }
    const fromGenesis = seq === 1 && prevHash === GENESIS_HASH;
    if (fromGenesis || this.checkpoints.some((c) => c.firstKeptSeq === seq && c.predecessorHash === prevHash)) return undefined;
    return bad(latest?.firstKeptSeq ?? 1, 'deleted', `the log starts at entry ${seq}, but ${latest ? `the ${latest.type} entry ${latest.seq} says it starts at entry ${latest.firstKeptSeq}` : 'no rotation says entries before it were removed'}`);
  }

  private checkAnchors(): Bad | undefined {
    const lastSeq = this.expectedSeq - 1;
    const first = this.start?.seq ?? 1;
    const recorded = [
      ...(this.anchors.fileHead ? [{ ...this.anchors.fileHead, where: 'the data-dir head anchor' }] : []),
      ...[...(this.anchors.snapshots ?? [])].sort((a, b) => a.seq - b.seq).map((a) => ({ seq: a.seq, hash: a.hash, where: `snapshot ${a.snapshot.slice(0, 8)} of ${a.time}` })),
    ];
    const matching = recorded.filter((a) => a.seq >= first && a.seq <= lastSeq && this.watched.get(a.seq) === a.hash).map((a) => a.seq);
    for (const anchor of recorded) {
      if (anchor.seq < first) continue;
      const vouched = Math.max(0, ...matching.filter((s) => s < anchor.seq));
      if (anchor.seq > lastSeq) {
        return bad(lastSeq + 1, 'truncated', `${anchor.where} records entry ${anchor.seq} as the head, but the log ends at entry ${lastSeq}`);
      }
      if (this.watched.get(anchor.seq) !== anchor.hash) {
        return bad(anchor.seq, 'forged', `entry ${anchor.seq} has hash ${this.watched.get(anchor.seq)!.slice(0, 12)}…, ${anchor.where} recorded ${anchor.hash.slice(0, 12)}…: the log was rewritten after entry ${vouched}, the last one a recorded head still vouches for`);
      }
    }
    return undefined;
  }

  private anchorSummary(anchors: readonly SnapshotAnchor[]): NonNullable<AuditVerification['anchors']> {
    const first = this.start?.seq ?? 1;
    const rotatedOut = anchors.filter((a) => a.seq < first).length;
    const matched = anchors.filter((a) => a.seq >= first && this.watched.get(a.seq) === a.hash).length;
    return { checked: anchors.length, matched, rotatedOut };
  }
}
