import type { JsonValue } from '../../api/api-types.js';
import type { Schema } from './json-schema.js';

/** A JSON-schema `pattern` as ECMAScript ('u' flag, what ajv uses); an invalid one checks nothing rather than throwing. */
function compile(pattern: string): RegExp | undefined {
  try {
    return new RegExp(pattern, 'u');
  } catch {
    return undefined;
  }
}

/** What is wrong with one scalar value, in the schema's own words where it has them; undefined when it is fine. */
export function scalarProblem(schema: Schema, value: JsonValue | undefined, required: boolean): string | undefined {
  if (value === undefined || value === '') return required ? 'is required' : undefined;
  if (typeof value === 'string') {
    if (schema.minLength !== undefined && value.length < schema.minLength) return `needs at least ${schema.minLength} character(s)`;
    const regex = schema.pattern ? compile(schema.pattern) : undefined;
    if (regex && !regex.test(value)) return schema.patternErrorMessage ?? `must match ${schema.pattern}`;
  }
  if (typeof value === 'number') {
    const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
    if (type === 'integer' && !Number.isInteger(value)) return 'must be a whole number';
    if (schema.minimum !== undefined && value < schema.minimum) return `must be at least ${schema.minimum}`;
    if (schema.exclusiveMinimum !== undefined && value <= schema.exclusiveMinimum) return `must be more than ${schema.exclusiveMinimum}`;
    if (schema.maximum !== undefined && value > schema.maximum) return `must be at most ${schema.maximum}`;
  }
  return undefined;
}

/** Problems of a list of scalars, each naming its line. */
export function listProblem(schema: Schema, items: readonly JsonValue[], itemSchema: Schema): string | undefined {
  if (schema.minItems !== undefined && items.length < schema.minItems) return items.length === 0 ? 'needs at least one entry' : `needs at least ${schema.minItems} entries`;
  for (const [index, item] of items.entries()) {
    const problem = scalarProblem(itemSchema, item, false);
    if (problem) return `line ${index + 1}: "${String(item)}" ${problem}`;
  }
  if (schema.uniqueItems && new Set(items.map(String)).size !== items.length) return 'has the same entry twice';
  return undefined;
}
