import type { AuditEntry } from '../audit/audit-service.js';
import type { UnavailableState } from '../plugins/contribution-availability.js';
import type { QueueStats } from './audit-sink-queue.js';

export const AuditSinkService = Symbol('AuditSinkService');

/** A configured sink as `audit sinks` and `/metrics` show it. */
export interface AuditSinkStatus extends QueueStats {
  readonly name: string;
  readonly type: string;
  /** Why the last delivery from this process failed; absent after a success. */
  readonly lastError?: string;
  /** Present when the sink's plugin is disabled, failed or not installed: its entries stay queued until that changes. */
  readonly inactive?: InactiveSink;
}

/** Why a sink cannot deliver now, in the words of other inactive config entries. */
export interface InactiveSink {
  readonly state: UnavailableState;
  readonly pluginId?: string;
  /** `audit sink "trail" is inactive: audit sink "acme.log" is unavailable: plugin acme.log is disabled (…)`. */
  readonly message: string;
}

export interface DeliveryOutcome {
  readonly sink: string;
  readonly delivered: number;
  /** Another process was delivering: it takes care of the queue. */
  readonly busy?: boolean;
  readonly error?: string;
}

/** Forwards every audit entry to each configured sink through its on-disk queue, in order, at least once. */
export interface AuditSinkService {
  /** Queues entries for every configured sink. */
  enqueue(entries: readonly AuditEntry[]): Promise<void>;
  /** Delivers what is queued, sink by sink, until the queues are empty or a receiver fails. */
  deliver(): Promise<DeliveryOutcome[]>;
  list(): Promise<AuditSinkStatus[]>;
}
