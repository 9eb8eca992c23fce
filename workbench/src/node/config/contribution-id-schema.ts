import type { JsonObject } from '@timelocker/plugin-api';

/** A contribution as config entries name it: by its full id or one of its builtin aliases (what the registry lists). */
export interface NamedContribution<T extends { readonly id: string }> {
  readonly entry: T;
  readonly aliases: readonly string[];
}

/**
 * A key naming a contribution (`backend`, `type`, `rule`): any string, with the known ids (full and alias) as
 * suggestions. An id no loaded plugin contributes stays valid — its plugin may be disabled, failed or not installed
 * yet — and is reported as inactive instead (`config validate` warns, the operations that need it fail).
 */
export function contributionIdSchema(base: JsonObject, contributed: ReadonlyArray<NamedContribution<{ readonly id: string }>>): JsonObject {
  return { ...base, type: 'string', minLength: 1, examples: contributed.flatMap((c) => [...c.aliases, c.entry.id]) };
}

/** `if` the entry's `key` names this contribution (full id or alias). */
export function namesContribution(key: string, contributed: NamedContribution<{ readonly id: string }>): JsonObject {
  return { properties: { [key]: { enum: [contributed.entry.id, ...contributed.aliases] } }, required: [key] };
}
