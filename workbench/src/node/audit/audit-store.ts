import type { JsonObject } from '@timelocker/plugin-api';
import type { Database, SqlValue } from 'sql.js';
import { type AuditAnchor, type AuditCheckpoint, entryHash, GENESIS_HASH } from './audit-chain.js';
import type { AuditEntry, AuditFilter, AuditSeverity } from './audit-service.js';
import { canonicalJson } from './canonical-json.js';

/** An entry waiting for its place in the chain. */
export interface PendingEntry {
  readonly time: string;
  readonly type: string;
  readonly severity: AuditSeverity;
  readonly actor: string;
  readonly target: string | null;
  readonly details: JsonObject;
}

const columns = 'seq, time, type, severity, actor, target, details, prev_hash, hash';

function metaValue(db: Database, key: string): string | undefined {
  const value = db.exec('SELECT value FROM audit_meta WHERE key = ?', [key])[0]?.values[0]?.[0];
  return typeof value === 'string' ? value : undefined;
}

function setMeta(db: Database, key: string, value: string): void {
  db.run('INSERT INTO audit_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value', [key, value]);
}

export function readCheckpoint(db: Database): AuditCheckpoint {
  return { seq: Number(metaValue(db, 'checkpoint_seq') ?? 1), hash: metaValue(db, 'checkpoint_hash') ?? GENESIS_HASH };
}

export function writeCheckpoint(db: Database, checkpoint: AuditCheckpoint): void {
  setMeta(db, 'checkpoint_seq', String(checkpoint.seq));
  setMeta(db, 'checkpoint_hash', checkpoint.hash);
}

/** The head anchor in the meta table; undefined before the first entry. */
export function readHead(db: Database): AuditAnchor | undefined {
  const seq = metaValue(db, 'head_seq');
  const hash = metaValue(db, 'head_hash');
  return seq !== undefined && hash !== undefined ? { seq: Number(seq), hash } : undefined;
}

/** Chains `pending` onto the current head (as the meta table records it) and inserts them; the caller owns the transaction. */
export function appendEntries(db: Database, pending: readonly PendingEntry[]): AuditEntry[] {
  const checkpoint = readCheckpoint(db);
  let head = readHead(db) ?? { seq: checkpoint.seq - 1, hash: checkpoint.hash };
  // Rows planted beyond the recorded head must not stop recording: continue after them (verify still flags them).
  const planted = db.exec('SELECT seq, hash FROM audit_log WHERE seq > ? ORDER BY seq DESC LIMIT 1', [head.seq])[0]?.values[0];
  if (planted) head = { seq: Number(planted[0]), hash: String(planted[1]) };
  const statement = db.prepare(`INSERT INTO audit_log (${columns}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  try {
    return pending.map((p) => {
      const unhashed = { ...p, seq: head.seq + 1, prevHash: head.hash };
      const entry: AuditEntry = { ...unhashed, hash: entryHash(unhashed) };
      statement.run([entry.seq, entry.time, entry.type, entry.severity, entry.actor, entry.target,
        canonicalJson(entry.details), entry.prevHash, entry.hash]);
      head = { seq: entry.seq, hash: entry.hash };
      return entry;
    });
  } finally {
    statement.free();
    setMeta(db, 'head_seq', String(head.seq));
    setMeta(db, 'head_hash', head.hash);
  }
}

function toEntry(row: readonly SqlValue[]): AuditEntry {
  const [seq, time, type, severity, actor, target, details, prevHash, hash] = row;
  return {
    seq: Number(seq), time: String(time), type: String(type), severity: String(severity) as AuditSeverity,
    actor: String(actor), target: target === null ? null : String(target),
    details: JSON.parse(String(details)) as JsonObject, prevHash: String(prevHash), hash: String(hash),
  };
}

/** Every entry in sequence order, as stored (for verification and export). */
export function allEntries(db: Database): AuditEntry[] {
  const statement = db.prepare(`SELECT ${columns} FROM audit_log ORDER BY seq`);
  const entries: AuditEntry[] = [];
  try {
    while (statement.step()) entries.push(toEntry(statement.get()));
  } finally {
    statement.free();
  }
  return entries;
}

export function selectEntries(db: Database, filter: AuditFilter): AuditEntry[] {
  const where: string[] = [];
  const params: SqlValue[] = [];
  const add = (clause: string, value: string | undefined): void => {
    if (value === undefined) return;
    where.push(clause);
    params.push(value);
  };
  add('time >= ?', filter.since);
  add('time <= ?', filter.until);
  add("(type = ? OR type LIKE ? || '.%')", filter.type);
  if (filter.type !== undefined) params.push(filter.type);
  add('severity = ?', filter.severity);
  add('actor = ?', filter.actor);
  const limit = filter.limit !== undefined ? ` LIMIT ${Math.max(0, Math.floor(filter.limit))}` : '';
  const sql = `SELECT ${columns} FROM audit_log${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY seq DESC${limit}`;
  const statement = db.prepare(sql, params);
  const entries: AuditEntry[] = [];
  try {
    while (statement.step()) entries.push(toEntry(statement.get()));
  } finally {
    statement.free();
  }
  return entries.reverse();
}

/** Entry `seq`'s stored hash, or undefined when there is no such row. */
export function hashAt(db: Database, seq: number): string | undefined {
  const value = db.exec('SELECT hash FROM audit_log WHERE seq = ?', [seq])[0]?.values[0]?.[0];
  return typeof value === 'string' ? value : undefined;
}

export function firstSeqFrom(db: Database, time: string): number | undefined {
  const value = db.exec('SELECT min(seq) FROM audit_log WHERE time >= ?', [time])[0]?.values[0]?.[0];
  return typeof value === 'number' ? value : undefined;
}

export function countEntries(db: Database): number {
  return Number(db.exec('SELECT count(*) FROM audit_log')[0]?.values[0]?.[0] ?? 0);
}
