import fc from 'fast-check';

/** The part of JSON Schema the route schemas use (OpenAPI 3.0 flavour, as @fastify/swagger prints it). */
export interface Schema {
  readonly type?: string;
  readonly enum?: readonly unknown[];
  readonly const?: unknown;
  readonly oneOf?: readonly Schema[];
  readonly anyOf?: readonly Schema[];
  readonly properties?: Readonly<Record<string, Schema>>;
  readonly required?: readonly string[];
  readonly additionalProperties?: boolean | Schema;
  readonly items?: Schema;
  readonly minItems?: number;
  readonly maxItems?: number;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly pattern?: string;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly default?: unknown;
}

export interface GeneratorContext {
  /** Names that exist in the workbench under test (repository, plan, snapshot id …): drawn often, so valid inputs reach past "unknown name". */
  readonly names: readonly string[];
  /** Other values the API knows (backend ids, report formats, durations, paths …). */
  readonly words: readonly string[];
  /** Strings whose schema demands an absolute path are made under this folder (restore targets must not land anywhere else). */
  readonly pathRoot: string;
}

const smallJson = fc.jsonValue({ maxDepth: 2 });

function stringArbitrary(schema: Schema, context: GeneratorContext): fc.Arbitrary<string> {
  const minLength = schema.minLength ?? 0;
  const maxLength = Math.min(schema.maxLength ?? 40, 40);
  if (schema.pattern === '^/') return fc.string({ minLength: 1, maxLength: 12 }).map((s) => `${context.pathRoot}/${encodeURIComponent(s)}`);
  if (schema.pattern) return fc.stringMatching(new RegExp(schema.pattern)).filter((s) => s.length >= minLength && s.length <= (schema.maxLength ?? Infinity));
  const fits = (pool: readonly string[]): string[] => pool.filter((w) => w.length >= minLength && w.length <= (schema.maxLength ?? Infinity));
  const random = fc.string({ minLength, maxLength: Math.max(minLength, maxLength), unit: 'grapheme' });
  const pools = [fits(context.names), fits(context.words)].filter((pool) => pool.length > 0);
  return fc.oneof({ weight: 1, arbitrary: random }, ...pools.map((pool) => ({ weight: 2, arbitrary: fc.constantFrom(...pool) })));
}

function objectArbitrary(schema: Schema, context: GeneratorContext): fc.Arbitrary<Record<string, unknown>> {
  const properties = schema.properties ?? {};
  const names = Object.keys(properties);
  if (names.length === 0) {
    return schema.additionalProperties === false ? fc.constant({}) : fc.dictionary(fc.string({ maxLength: 12 }), smallJson, { maxKeys: 4 });
  }
  const record = Object.fromEntries(names.map((name) => [name, schemaArbitrary(properties[name]!, context)]));
  const required = (schema.required ?? []).filter((r) => names.includes(r)) as never[];
  // Half the time every property is there, so that combinations (a restore's repository, snapshot and target) occur.
  return fc.oneof(fc.record(record), fc.record(record, { requiredKeys: required })) as fc.Arbitrary<Record<string, unknown>>;
}

/** Values the schema accepts (or, where the generator cannot know, values of the right shape). */
export function schemaArbitrary(schema: Schema, context: GeneratorContext): fc.Arbitrary<unknown> {
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const branches = schema.oneOf ?? schema.anyOf;
  // A oneOf of bare `required` lists (no types) only constrains the object around it.
  if (branches && branches.some((b) => b.type || b.properties || b.enum)) return fc.oneof(...branches.map((b) => schemaArbitrary(b, context)));
  switch (schema.type) {
    case 'string': return stringArbitrary(schema, context);
    case 'integer': return fc.integer({ min: schema.minimum ?? -1_000, max: schema.maximum ?? 100_000 });
    case 'number': return fc.double({ min: schema.minimum ?? -1e6, max: schema.maximum ?? 1e6, noNaN: true });
    case 'boolean': return fc.boolean();
    case 'array': return fc.array(schema.items ? schemaArbitrary(schema.items, context) : smallJson, { minLength: schema.minItems ?? 0, maxLength: Math.max(schema.minItems ?? 0, Math.min(schema.maxItems ?? 4, 4)) });
    case 'object': return objectArbitrary(schema, context);
    default: return smallJson;
  }
}

/** Deep enough to trip anything that recurses over a parsed value. */
const deepArray = `${'['.repeat(5_000)}${']'.repeat(5_000)}`;
const deepObject = `${'{"a":'.repeat(2_000)}1${'}'.repeat(2_000)}`;

/** A JSON body that is wrong in one way: a field missing, one too many, one of the wrong type, or no JSON object at all. */
export function mutatedBody(valid: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  const objectValid = valid.filter((v): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).length > 0);
  return fc.oneof(
    objectValid.chain((v) => fc.constantFrom(...Object.keys(v)).map((k) => Object.fromEntries(Object.entries(v).filter(([key]) => key !== k)))),
    objectValid.chain((v) => fc.constantFrom(...Object.keys(v)).chain((k) => fc.oneof(fc.jsonValue({ maxDepth: 3 }), fc.constant(null)).map((x) => ({ ...v, [k]: x })))),
    valid.chain((v) => fc.string({ minLength: 1, maxLength: 8 }).map((k) => (typeof v === 'object' && v !== null && !Array.isArray(v) ? { ...v, [`x-${k}`]: 1 } : { [k]: v }))),
    fc.jsonValue({ maxDepth: 4 }),
  );
}

/** A raw request body with its content type: broken JSON, absurd nesting, oversize, a foreign type. */
export const rawBodies: fc.Arbitrary<{ readonly contentType: string; readonly body: string }> = fc.oneof(
  fc.constantFrom('', '{', 'null', '"', '{"a":1,}', '[1,2', '\u0000', '{"__proto__":{"x":1}}', '{"constructor":{"prototype":{"x":1}}}', deepArray, deepObject)
    .map((body) => ({ contentType: 'application/json', body })),
  fc.string({ maxLength: 200 }).map((body) => ({ contentType: 'application/json', body })),
  fc.constant({ contentType: 'application/json', body: JSON.stringify({ text: 'x'.repeat(1_100_000) }) }),
  fc.tuple(fc.constantFrom('text/plain', 'application/xml', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x'), fc.string({ maxLength: 200 }))
    .map(([contentType, body]) => ({ contentType, body })),
);

/** Path parameter values a client might send by mistake or on purpose. */
export const hostileSegments: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('..', '.', '%2e%2e', '%00', '%', '%ZZ', 'a%2Fb', ' ', '\u202e', 'x'.repeat(300), '🙂', 'latest'),
  fc.string({ maxLength: 30, unit: 'grapheme' }),
);
