import type { JsonObject, JsonValue } from '../../api/api-types.js';

/** The parts of JSON schema (draft 7, plus VS Code's message extensions) the forms understand. */
export interface Schema {
  readonly $ref?: string;
  readonly type?: string | readonly string[];
  readonly title?: string;
  readonly description?: string;
  readonly enum?: readonly JsonValue[];
  /** Suggestions, not a limit (e.g. the contributed ids a `type` or `rule` may name). */
  readonly examples?: readonly JsonValue[];
  readonly const?: JsonValue;
  readonly default?: JsonValue;
  readonly properties?: Readonly<Record<string, Schema | boolean>>;
  readonly required?: readonly string[];
  readonly additionalProperties?: Schema | boolean;
  readonly items?: Schema;
  readonly oneOf?: readonly Schema[];
  readonly anyOf?: readonly Schema[];
  readonly allOf?: readonly Schema[];
  readonly if?: Schema;
  readonly then?: Schema;
  readonly not?: Schema;
  readonly pattern?: string;
  readonly patternErrorMessage?: string;
  readonly errorMessage?: string;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly exclusiveMinimum?: number;
  readonly minLength?: number;
  readonly minItems?: number;
  readonly uniqueItems?: boolean;
}

export type Path = ReadonlyArray<string | number>;

export function asSchema(value: JsonObject | JsonValue | undefined): Schema {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as unknown as Schema) : {};
}

/** Follows local `$ref`s (`#/definitions/x`) and merges plain `allOf` parts (not the conditional ones). */
export function resolve(schema: Schema | boolean | undefined, root: Schema): Schema {
  let current: Schema = typeof schema === 'object' ? schema : {};
  for (let depth = 0; current.$ref && depth < 32; depth++) {
    const { $ref, ...rest } = current;
    const target = $ref.replace(/^#\//, '').split('/').reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], root);
    current = { ...(target as Schema | undefined), ...rest };
  }
  return current;
}

const matchesIf = (condition: Schema, value: JsonValue | undefined): boolean => {
  if (!isObject(value)) return false;
  if ((condition.required ?? []).some((key) => value[key] === undefined)) return false;
  return Object.entries(condition.properties ?? {}).every(([key, sub]) => typeof sub !== 'object'
    // A contribution is named by its full id or an alias: the condition lists them as an enum.
    || ((sub.const === undefined || value[key] === sub.const) && (sub.enum === undefined || sub.enum.includes(value[key] as JsonValue))));
};

/**
 * An object schema's properties for the current value: its own, plus the `then` of every `allOf` entry whose `if`
 * holds (how the composed schema adds a backend's, notifier's or policy rule's own keys).
 */
export function objectProperties(schema: Schema, value: JsonValue | undefined, root: Schema): Record<string, Schema> {
  const merged: Record<string, Schema | boolean> = { ...(schema.properties ?? {}) };
  for (const part of schema.allOf ?? []) {
    const branch = part.if ? (matchesIf(part.if, value) ? part.then : undefined) : part;
    for (const [key, sub] of Object.entries(resolve(branch, root).properties ?? {})) {
      // `true` only says "allowed": the kernel's own schema for the key stays.
      if (sub === true && merged[key] !== undefined) continue;
      merged[key] = typeof merged[key] === 'object' && typeof sub === 'object' ? { ...(merged[key] as Schema), ...sub } : sub;
    }
  }
  return Object.fromEntries(Object.entries(merged).filter((e): e is [string, Schema] => typeof e[1] === 'object').map(([k, s]) => [k, resolve(s, root)]));
}

export type FieldKind = 'enum' | 'boolean' | 'number' | 'integer' | 'string' | 'object' | 'map' | 'list' | 'choice' | 'variants' | 'unavailable' | 'json';

export function kindOf(schema: Schema): FieldKind {
  if (schema.not && schema.errorMessage) return 'unavailable';
  if (schema.enum) return 'enum';
  if (schema.oneOf ?? schema.anyOf) return 'variants';
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  if (type === 'boolean' || type === 'number' || type === 'integer' || type === 'string') return type;
  if (type === 'array' || schema.items) return 'list';
  if (schema.properties || schema.allOf) return 'object';
  if (typeof schema.additionalProperties === 'object' && Object.keys(schema.additionalProperties).length > 0) return 'map';
  return type === 'object' ? 'json' : 'string';
}

export function isObject(value: JsonValue | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function getIn(value: JsonValue | undefined, path: Path): JsonValue | undefined {
  let current = value;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string | number, JsonValue>)[key];
  }
  return current;
}

/** A copy of `value` with `path` set; `undefined` removes the key (or the array item). */
export function setIn(value: JsonValue | undefined, path: Path, next: JsonValue | undefined): JsonValue | undefined {
  if (path.length === 0) return next;
  const [key, ...rest] = path as [string | number, ...Array<string | number>];
  if (typeof key === 'number') {
    const list = Array.isArray(value) ? [...value] : [];
    const child = setIn(list[key], rest, next);
    if (child === undefined) list.splice(key, 1);
    else list[key] = child;
    return list;
  }
  const object: JsonObject = isObject(value) ? { ...value } : {};
  const child = setIn(object[key], rest, next);
  if (child === undefined) delete object[key];
  else object[key] = child;
  return object;
}

/** JSON pointer, as the server names a config issue's place (`/plans/docs/paths/0`). */
export function pointer(path: Path): string {
  return path.map((p) => `/${String(p).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}
