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

/** `POST …/:name/rename`: the new name. */
export const renameBody = {
  type: 'object', required: ['to'], additionalProperties: false, properties: { to: { type: 'string', minLength: 1, maxLength: 200 } },
} as const;
