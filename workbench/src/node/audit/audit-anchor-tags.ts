import type { SnapshotDto } from '@timelocker/plugin-api';
import type { ChainHead } from '../history/chained-log.js';
import type { SnapshotAnchor } from './audit-service.js';

const tagPrefix = 'timelocker-audit:';
const tagPattern = /^timelocker-audit:(\d+):([0-9a-f]{64})$/;

/** The snapshot tag that records the audit head in a backup: encrypted with the backup, stored where the backup goes. */
export function auditAnchorTag(head: ChainHead): string {
  return `${tagPrefix}${head.seq}:${head.hash}`;
}

/** The audit heads recorded in snapshots (the ones TimeLocker made; others carry no such tag). */
export function anchorsIn(snapshots: readonly SnapshotDto[]): SnapshotAnchor[] {
  return snapshots.flatMap((snapshot) => snapshot.tags.flatMap((tag) => {
    const match = tagPattern.exec(tag);
    return match ? [{ seq: Number(match[1]), hash: match[2]!, snapshot: snapshot.id, time: snapshot.time }] : [];
  }));
}

export function isAuditAnchorTag(tag: string): boolean {
  return tag.startsWith(tagPrefix);
}
