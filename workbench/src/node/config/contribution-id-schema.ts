import type { JsonObject } from '@timelocker/plugin-api';
import type { Contributed } from '../plugins/contribution-registry.js';

/**
 * A key naming a contribution (`backend`, `type`, `rule`): any string, with the known ids (full and alias) as
 * suggestions. An id no loaded plugin contributes stays valid — its plugin may be disabled, failed or not installed
 * yet — and is reported as inactive instead (`config validate` warns, the operations that need it fail).
 */
export function contributionIdSchema(base: JsonObject, contributed: ReadonlyArray<Contributed<{ readonly id: string }>>): JsonObject {
  return { ...base, type: 'string', minLength: 1, examples: contributed.flatMap((c) => [...c.aliases, c.entry.id]) };
}

/** `if` the entry's `key` names this contribution (full id or alias). */
export function namesContribution(key: string, contributed: Contributed<{ readonly id: string }>): JsonObject {
  return { properties: { [key]: { enum: [contributed.entry.id, ...contributed.aliases] } }, required: [key] };
}
