import { inject, injectable } from 'inversify';
import type { AuditEventSource } from '../audit/audit-event-source.js';
import type { AuditEvent } from '../audit/audit-service.js';
import { LogService } from '../core/log-service.js';
import { type PolicyFinding, type PolicyScope, PolicyService } from './policy-service.js';

/** `policy.violation` for every evaluation that found something: an error when it blocked the operation. */
@injectable()
export class PolicyAuditEvents implements AuditEventSource {
  constructor(
    @inject(PolicyService) private readonly policies: PolicyService,
    @inject(LogService) private readonly logs: LogService,
  ) {}

  connect(note: (event: AuditEvent) => void): void {
    this.policies.onDidFindViolations((found) => note(this.auditEventOf(found.scope, found.findings)));
  }

  private auditEventOf(scope: PolicyScope, findings: readonly PolicyFinding[]): AuditEvent {
    const blocking = findings.some((f) => f.severity === 'error');
    return {
      type: 'policy.violation',
      severity: blocking ? 'error' : 'warning',
      target: scope.repository,
      details: {
        operation: scope.operation, blocked: blocking, ...(scope.plan ? { plan: scope.plan } : {}),
        findings: findings.map((f) => ({ rule: f.rule, policy: f.policy, severity: f.severity, message: this.logs.mask(f.message) })),
      },
    };
  }
}
