import { CancellationError } from '@timelocker/plugin-api';
import type { FastifyError } from 'fastify';
import { ConfigError } from '../config/config-model.js';
import { OperationError, UsageError } from '../core/errors.js';
import type { Logger } from '../core/log-service.js';
import { CredentialsError } from '../credentials/credentials-service.js';
import { PluginInstallError } from '../plugin-management/plugin-management-service.js';
import { PluginCallError, ProviderCapabilityError, ProviderUnavailableError } from '../plugins/plugin-errors.js';
import { ResticError } from '../restic/restic-errors.js';

/** An error the API answers with `status`, e.g. 404 for an unknown job. */
export class ApiError extends Error {
  constructor(readonly status: number, readonly code: string, message: string, readonly issues?: readonly object[]) {
    super(message);
    this.name = 'ApiError';
  }
}

export interface ErrorBody {
  readonly error: string;
  readonly message: string;
  readonly issues?: readonly object[];
}

interface AjvIssue {
  readonly instancePath: string;
  readonly message?: string;
  readonly params: Record<string, unknown>;
}

/** `body.paths.0`, `querystring.limit`: the field as the caller wrote it. */
function fieldOf(context: string, issue: AjvIssue): string {
  const segments = issue.instancePath.split('/').filter(Boolean);
  const extra = issue.params['missingProperty'] ?? issue.params['additionalProperty'];
  if (typeof extra === 'string') segments.push(extra);
  return [context, ...segments].join('.');
}

function validationBody(error: FastifyError): ErrorBody {
  const context = error.validationContext ?? 'body';
  const issues = (error.validation as readonly AjvIssue[]).map((issue) => {
    const field = fieldOf(context, issue);
    const message = issue.params['additionalProperty'] ? 'is not a known field' : issue.message ?? 'is invalid';
    return { field, message };
  });
  return { error: 'bad-request', message: issues.map((i) => `${i.field}: ${i.message}`).join('; '), issues };
}

/** Maps kernel errors to statuses; messages are already free of secrets (the kernel masks them). */
export function toErrorResponse(error: unknown, logger: Logger): { status: number; body: ErrorBody } {
  if (error instanceof ApiError) return { status: error.status, body: { error: error.code, message: error.message, ...(error.issues ? { issues: error.issues } : {}) } };
  const fastifyError = error as Partial<FastifyError>;
  if (fastifyError.validation) return { status: 400, body: validationBody(error as FastifyError) };
  if (error instanceof ConfigError) return { status: 400, body: { error: 'invalid-config', message: error.message, issues: error.issues } };
  if (error instanceof UsageError) return { status: 400, body: { error: 'bad-request', message: error.message } };
  if (error instanceof CredentialsError) return { status: 400, body: { error: 'credentials', message: error.message } };
  if (error instanceof PluginInstallError) return { status: 400, body: { error: 'invalid-plugin', message: error.message, issues: error.reasons.map((message) => ({ message })) } };
  if (error instanceof ProviderCapabilityError) return { status: 501, body: { error: 'not-supported', message: error.message } };
  if (error instanceof ProviderUnavailableError) return { status: 503, body: { error: 'plugin-unavailable', message: error.message } };
  if (error instanceof PluginCallError) return { status: 502, body: { error: 'plugin-failed', message: error.message } };
  if (error instanceof CancellationError) return { status: 409, body: { error: 'cancelled', message: error.message } };
  if (error instanceof ResticError || error instanceof OperationError) return { status: 502, body: { error: 'operation-failed', message: error.message } };
  if (typeof fastifyError.statusCode === 'number' && fastifyError.statusCode < 500) {
    return { status: fastifyError.statusCode, body: { error: fastifyError.code ?? 'bad-request', message: fastifyError.message ?? 'bad request' } };
  }
  logger.error(`API internal error: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
  return { status: 500, body: { error: 'internal', message: 'Internal error; see the workbench log.' } };
}
