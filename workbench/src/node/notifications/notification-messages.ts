import { createHash } from 'node:crypto';
import type { JobDto, JsonObject, JsonValue, NotificationDto } from '@timelocker/plugin-api';
import type { AuditProblem } from '../audit/audit-health.js';
import type { PolicyFinding, PolicyScope } from '../policies/policy-service.js';
import type { NotificationEvent } from './notifications-schema.js';
import type { StaleFinding } from './notification-service.js';

/** What makes two messages "identical" for rate limiting: event, title and body — not ids or times in `details`. */
export function messageHash(notification: NotificationDto): string {
  return createHash('sha256').update(JSON.stringify([notification.event, notification.title, notification.body])).digest('hex');
}

function message(event: NotificationEvent | 'test', severity: NotificationDto['severity'], title: string, body: string, details: JsonObject): NotificationDto {
  return { event, severity, title, body, details };
}

function jobDetails(job: JobDto): JsonObject {
  return {
    jobId: job.id, kind: job.kind, status: job.status, repository: job.repository,
    ...(job.plan ? { plan: job.plan } : {}), ...(job.finishedAt ? { finishedAt: job.finishedAt } : {}),
  };
}

function definedValues(record: Readonly<Record<string, JsonValue | undefined>>): JsonObject {
  return Object.fromEntries(Object.entries(record).filter((e): e is [string, JsonValue] => e[1] !== undefined));
}

/** The event a finished job stands for, if any rule could care about it. */
export function jobNotification(job: JobDto): NotificationDto | undefined {
  const plan = job.plan ? `plan "${job.plan}"` : `repository "${job.repository}"`;
  if (job.kind === 'backup' && job.status === 'failed') {
    return message('backup.failed', 'error', `Backup of ${plan} failed`,
      `The backup of ${plan} to repository "${job.repository}" failed: ${job.error ?? 'unknown error'}`, jobDetails(job));
  }
  if (job.kind === 'backup' && job.status === 'succeeded') {
    const s = job.summary ?? {};
    return message('backup.succeeded', 'info', `Backup of ${plan} succeeded`,
      `Snapshot ${String(s.snapshotId ?? '?')} saved to repository "${job.repository}": ${s.filesNew ?? 0} new, ${s.filesChanged ?? 0} changed files, ${s.dataAdded ?? 0} bytes added.` +
      (job.error ? ` Warning: ${job.error}` : ''), { ...jobDetails(job), summary: definedValues(job.summary ?? {}) });
  }
  if (job.kind === 'copy' && job.status === 'failed') {
    return message('copy.failed', 'error', `Copy of ${plan} to repository "${job.repository}" failed`,
      `The copy of ${plan} to repository "${job.repository}" failed (the backup itself succeeded): ${job.error ?? 'unknown error'}`, jobDetails(job));
  }
  if (job.kind === 'check' && job.status === 'failed') {
    return message('check.failed', 'error', `Check of repository "${job.repository}" failed`,
      `restic check of repository "${job.repository}" failed: ${job.error ?? 'unknown error'}`, jobDetails(job));
  }
  return undefined;
}

export function policyNotification(scope: PolicyScope, findings: readonly PolicyFinding[]): NotificationDto {
  const blocking = findings.some((f) => f.severity === 'error');
  const what = `${scope.operation} of repository "${scope.repository}"${scope.plan ? ` (plan "${scope.plan}")` : ''}`;
  return message('policy.violation', blocking ? 'error' : 'warning',
    `Policy violation: ${what}${blocking ? ' blocked' : ''}`,
    findings.map((f) => `[${f.severity}] ${f.rule} (policies[${f.policy}]): ${f.message}`).join('\n'),
    { operation: scope.operation, repository: scope.repository, ...(scope.plan ? { plan: scope.plan } : {}), rules: findings.map((f) => f.rule) });
}

export function staleNotification(finding: StaleFinding): NotificationDto {
  return message('stale', 'warning', `Plan "${finding.plan}" has no recent backup`,
    `No successful backup of plan "${finding.plan}" (repository "${finding.repository}") in the last ${finding.staleHours} hours; ` +
    `last success: ${finding.lastSuccess ?? 'never'}.`,
    { plan: finding.plan, repository: finding.repository, staleHours: finding.staleHours, lastSuccess: finding.lastSuccess ?? null });
}

/** The audit log could not record (or verify): backups go on, so someone must hear of it. */
export function auditFailedNotification(problem: AuditProblem): NotificationDto {
  return message('audit.failed', 'error', 'The audit log is damaged',
    `TimeLocker's audit log: ${problem.problem}${problem.lost > 0 ? ` (${problem.lost} entries not recorded)` : ''}. Backups keep running; ` +
    'run `timelocker audit verify` for a diagnosis.', { since: problem.since, lost: problem.lost });
}

export function testNotification(notifier: string): NotificationDto {
  return message('test', 'info', 'Test notification',
    `This is a test message from TimeLocker through the notifier "${notifier}". If you can read it, it works.`, { notifier });
}
