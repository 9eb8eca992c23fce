import type { Database, SqlValue } from 'sql.js';
import type { ConsentChannel, ConsentDecision, ConsentRecord } from './consent-store.js';

/** The columns of a consent record, in `toConsentRecord`'s order. */
export const consentColumns = 'id, subject, version, decision, channel, actor, time';

export function toConsentRecord(row: readonly SqlValue[]): ConsentRecord {
  const [id, subject, version, decision, channel, actor, time] = row;
  return {
    id: Number(id), subject: String(subject), version: String(version), decision: String(decision) as ConsentDecision,
    channel: String(channel) as ConsentChannel, actor: String(actor), time: String(time),
  };
}

/** The latest record for `subject` at `version`. */
export function selectLatestConsent(db: Database, subject: string, version: string): ConsentRecord | undefined {
  const row = db.exec(`SELECT ${consentColumns} FROM consents WHERE subject = ? AND version = ? ORDER BY id DESC LIMIT 1`, [subject, version])[0]?.values[0];
  return row ? toConsentRecord(row) : undefined;
}
