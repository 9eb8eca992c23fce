import type { AuditEvent } from './audit-service.js';

/**
 * Contribution point (multi-binding, Theia-style) for a feature whose own events belong in the audit log. Audit
 * connects every source in one place while the kernel initializes, so a feature needs no audit service, audit knows
 * no feature, and the sources start listening exactly when audit's own listeners do.
 */
export const AuditEventSource = Symbol('AuditEventSource');

export interface AuditEventSource {
  /** Starts turning this feature's events into audit events; `note` records them in the order they are noted. */
  connect(note: (event: AuditEvent) => void): void;
}
