import type { JsonObject, NotificationDto } from '@timelocker/plugin-api';
import type { AuditEvent } from '../audit/audit-service.js';
import { failedRuns } from './breaker-state.js';
import type { BreakerChangeEvent, BreakerStatus } from './circuit-breaker-service.js';

function details(status: BreakerStatus): JsonObject {
  const { repository, failures, lastError, openedAt, retryAt, coolDownSeconds } = status;
  return Object.fromEntries(Object.entries({ repository, failures, lastError, openedAt, retryAt, coolDownSeconds }).filter(([, v]) => v !== undefined)) as JsonObject;
}

export function breakerNotification({ change, status }: BreakerChangeEvent): NotificationDto {
  const repository = `repository "${status.repository}"`;
  if (change === 'opened') {
    return {
      event: 'breaker.opened', severity: 'error', title: `Scheduled runs of ${repository} paused`,
      body: `${failedRuns(status.failures)} in a row on ${repository} (last: ${status.lastError ?? 'unknown error'}). `
        + `Its circuit breaker is open: scheduled runs pause until ${status.retryAt}, then one is tried again. A manual run still goes through; a success closes the breaker.`,
      details: details(status),
    };
  }
  return {
    event: 'breaker.closed', severity: 'info', title: `Scheduled runs of ${repository} resumed`,
    body: `A run on ${repository} succeeded: its circuit breaker is closed and scheduled runs go ahead again.`,
    details: details(status),
  };
}

export function breakerAuditEvent({ change, status }: BreakerChangeEvent): AuditEvent {
  return { type: `breaker.${change}`, severity: change === 'opened' ? 'error' : 'info', target: status.repository, details: details(status) };
}
