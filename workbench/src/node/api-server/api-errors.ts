import type { FastifyError } from 'fastify';
import { ConfigError } from '../config/config-model.js';
import { errorKindOf, errorOutcomes, TimeLockerError, UsageError, type ErrorKind, type FieldIssue } from '../core/errors.js';
import type { Logger } from '../core/log-service.js';

export interface ErrorBody {
  /** The error's kind (`usage`, `not-found`, `conflict` …); the status follows from it. */
  readonly error: ErrorKind;
  readonly message: string;
  readonly issues?: readonly object[];
}

/** The body of every error response, as the OpenAPI document shows it. */
export const errorBodySchema = {
  type: 'object',
  required: ['error', 'message'],
  properties: {
    error: { type: 'string', enum: Object.keys(errorOutcomes) },
    message: { type: 'string' },
    issues: { type: 'array', items: { type: 'object', additionalProperties: true } },
  },
} as const;

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

function validationError(error: FastifyError): UsageError {
  const context = error.validationContext ?? 'body';
  const issues: FieldIssue[] = (error.validation as readonly AjvIssue[]).map((issue) => ({
    field: fieldOf(context, issue),
    message: issue.params['additionalProperty'] ? 'is not a known field' : issue.message ?? 'is invalid',
  }));
  return new UsageError(issues.map((i) => `${i.field}: ${i.message}`).join('; '), issues);
}

/** Fastify refuses some requests itself (malformed JSON, too large, wrong content type): their 4xx status says which kind. */
function kindOfStatus(status: number): ErrorKind {
  const kinds = Object.keys(errorOutcomes) as ErrorKind[];
  return kinds.find((kind) => errorOutcomes[kind].httpStatus === status) ?? 'usage';
}

/** Kernel errors pass as they are; fastify's validation and parsing errors become the kernel error they mean. */
export function asKernelError(error: unknown): unknown {
  if (error instanceof TimeLockerError) return error;
  const fastifyError = error as Partial<FastifyError> | undefined;
  if (fastifyError?.validation) return validationError(error as FastifyError);
  const status = fastifyError?.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return new TimeLockerError(kindOfStatus(status), fastifyError?.message ?? 'bad request');
  }
  return error;
}

/** Status from the one error table; messages are already free of secrets (the kernel masks them). */
export function toErrorResponse(thrown: unknown, logger: Logger): { status: number; body: ErrorBody } {
  const error = asKernelError(thrown);
  const kind = errorKindOf(error);
  const status = errorOutcomes[kind].httpStatus;
  if (kind === 'internal') {
    logger.error(`API internal error: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
    return { status, body: { error: kind, message: 'Internal error; see the workbench log.' } };
  }
  const issues = error instanceof UsageError || error instanceof ConfigError ? error.issues : undefined;
  return { status, body: { error: kind, message: (error as Error).message, ...(issues ? { issues } : {}) } };
}
