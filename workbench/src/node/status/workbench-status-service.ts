import type { JobDto } from '@timelocker/plugin-api';
import type { AuditProblem } from '../audit/audit-health.js';
import type { BreakerStatus } from '../breaker/circuit-breaker-service.js';
import type { PlanCopyStatus } from '../copies/copy-service.js';
import type { PlanStatus } from './plan-status.js';
import type { InactiveEntry } from '../plugin-requirements/plugin-requirements-service.js';

export const WorkbenchStatusService = Symbol('WorkbenchStatusService');

/** A plan's status, with its copies' state when the plan copies its snapshots elsewhere (`copyTo`). */
export interface PlanStatusWithCopies extends PlanStatus {
  readonly copies?: PlanCopyStatus;
}

/** The workbench at a glance: what `timelocker status --json` prints and GET /api/v1/status returns. */
export interface WorkbenchStatus {
  readonly version: string;
  /** Running and queued jobs of every process sharing the data dir. */
  readonly running: JobDto[];
  readonly repositories: number;
  readonly plans: number;
  readonly plugins: { readonly total: number; readonly failed: number };
  readonly planStatuses: PlanStatusWithCopies[];
  /** Circuit breakers that hold back (or are about to hold back) scheduled runs. */
  readonly breakers: BreakerStatus[];
  /** Config entries whose plugin is unavailable: they stay valid, their operations fail naming the plugin. */
  readonly inactiveEntries: InactiveEntry[];
  /** Set until a verification finds the audit log intact again (`timelocker audit verify`). */
  readonly auditProblem: AuditProblem | null;
}

export interface WorkbenchStatusService {
  status(): Promise<WorkbenchStatus>;
}
