import { TimeLockerError, type CancellationToken, type Event, type OperationKind, type RunTrigger } from '@timelocker/plugin-api';
import type { TimeLockerConfig } from '../config/config-model.js';

export const PolicyService = Symbol('PolicyService');

export interface PolicyScope {
  readonly operation: OperationKind;
  readonly repository: string;
  readonly plan?: string;
  readonly trigger?: RunTrigger;
  readonly forced?: boolean;
}

export interface PolicyFinding {
  readonly rule: string;
  /** Index of the entry in the config's `policies` array. */
  readonly policy: number;
  readonly severity: 'error' | 'warning';
  readonly message: string;
  readonly repository: string;
  readonly plan?: string;
}

/** A configured policy blocks the operation: exit code 1, HTTP 403. */
export class PolicyViolationError extends TimeLockerError {
  constructor(readonly findings: readonly PolicyFinding[]) {
    super('forbidden', findings.map((f) => `Blocked by policy ${f.rule} (policies[${f.policy}]) for repository "${f.repository}"${f.plan ? `, plan "${f.plan}"` : ''}: ${f.message}`).join('\n'));
    this.name = 'PolicyViolationError';
  }
}

/** Evaluates the configured `policies` entries (rules from plugins, each isolated and time-limited). */
export interface PolicyService {
  evaluate(scope: PolicyScope, token: CancellationToken, config?: TimeLockerConfig): Promise<PolicyFinding[]>;
  /** Before an operation: throws PolicyViolationError on any `error` finding; logs and returns the warnings. */
  enforce(scope: PolicyScope, token: CancellationToken): Promise<PolicyFinding[]>;
  /** Every repository (and each of its plans) of `config`, for `policy check` and config validation. */
  evaluateAll(operation: OperationKind, token: CancellationToken, config?: TimeLockerConfig): Promise<PolicyFinding[]>;
  /** Fired by `enforce` whenever findings (blocking or not) come up before an operation. */
  readonly onDidFindViolations: Event<{ readonly scope: PolicyScope; readonly findings: readonly PolicyFinding[] }>;
}
