import type { JsonObject, JsonValue } from '@timelocker/plugin-api';
import type { AuditEntry } from '../audit/audit-service.js';
import type { ConsentRecord } from './consent-store.js';

export const PrivacyService = Symbol('PrivacyService');

/** Everything personal TimeLocker holds about its users, as one JSON document (GDPR Art. 15 / 20). */
export interface PrivacyExport {
  readonly generatedAt: string;
  readonly actor: string;
  readonly configFile: string;
  readonly dataDir: string;
  /** The config file as written, secret-bearing values redacted. */
  readonly config: JsonValue;
  readonly jobs: readonly JsonObject[];
  readonly auditEntries: readonly AuditEntry[];
  readonly consents: readonly ConsentRecord[];
}

export interface ErasureResult {
  readonly jobs: number;
  readonly snapshots: number;
  readonly consents: number;
  /** The caches outside the catalog that were emptied (file index, folder listings). */
  readonly caches: readonly string[];
  readonly auditEntries: number;
  /** The entry the new audit chain starts at. */
  readonly tombstone: AuditEntry;
}

export interface PrivacyService {
  exportData(): Promise<PrivacyExport>;
  /** Removes jobs, the snapshot cache, consents and audit entries from the catalog, and every ErasableData; backup data is never touched. */
  erase(): Promise<ErasureResult>;
}
