import type { ErrorKind } from '../../core/errors.js';

/** Shared JSON schemas of request parts; they end up in the OpenAPI document. */
export const nameParam = {
  type: 'object',
  required: ['name'],
  properties: { name: { type: 'string', minLength: 1, maxLength: 200 } },
} as const;

export const idParam = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string', minLength: 1, maxLength: 200 } },
} as const;

export const secretSourceSchema = {
  type: 'object',
  description: 'Where a secret is read at every run: the keyring, an env var, a file or a command.',
  minProperties: 1,
  maxProperties: 1,
  properties: {
    keyring: { type: 'boolean', enum: [true] },
    env: { type: 'string', minLength: 1 },
    file: { type: 'string', minLength: 1 },
    command: { type: 'string', minLength: 1 },
  },
  additionalProperties: false,
} as const;

/**
 * A secret stored in the keyring (`value`), written to a new 0600 file (`value` + `file`, where no keyring is
 * available) or referenced (`source`); a plain string is the same as `{ value }`.
 */
export const secretInputSchema = {
  oneOf: [
    { type: 'string', minLength: 1 },
    { type: 'object', required: ['value'], properties: { value: { type: 'string', minLength: 1 } }, additionalProperties: false },
    {
      type: 'object', required: ['value', 'file'], additionalProperties: false,
      properties: { value: { type: 'string', minLength: 1 }, file: { type: 'string', minLength: 2, pattern: '^/' } },
    },
    { type: 'object', required: ['source'], properties: { source: secretSourceSchema }, additionalProperties: false },
  ],
} as const;

export const jsonObjectSchema = { type: 'object', additionalProperties: true } as const;

export const stringList = { type: 'array', items: { type: 'string', minLength: 1 } } as const;

/** The repositories a copy goes to instead of the plan's copyTo (`POST /plans/:name/copy`, a copy job's `to`). */
export const copyDestinations = {
  type: 'array', minItems: 1, maxItems: 50, uniqueItems: true, items: { type: 'string', minLength: 1, maxLength: 200 },
} as const;

/** `POST …/:name/rename`: the new name. */
export const renameBody = {
  type: 'object', required: ['to'], additionalProperties: false, properties: { to: { type: 'string', minLength: 1, maxLength: 200 } },
} as const;

/** What a call into a plugin can fail with: the kinds a plugin may signal itself, or its own failure. */
export const pluginCallErrors = ['usage', 'not-found', 'conflict', 'unavailable', 'plugin-failed', 'interrupted'] as const satisfies readonly ErrorKind[];

/** What an operation on a repository can fail with, before restic (unknown, misconfigured, blocked by policy) or in it. */
export const repositoryErrors = [
  'not-found', 'config', 'forbidden', 'conflict', 'unavailable', 'operation-failed', 'plugin-failed', 'interrupted',
] as const satisfies readonly ErrorKind[];

/** A documented success status other than 200 (the body is what the summary says). */
export function success(status: 201 | 202 | 204 | 302, description: string): Record<number, { description: string }> {
  return { [status]: { description } };
}
