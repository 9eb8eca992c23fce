import type { JsonObject, PolicyContextDto, PolicyRule, PolicyViolationDto } from '@timelocker/plugin-api';
import { expandAllowed, regionMatches, regionOf } from './regions.js';

/** Backends whose data stays on this machine or a disk attached to it; a region does not apply. */
const localBackends = new Set(['local']);

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

export const regionAllowlist: PolicyRule = {
  async evaluate(context: PolicyContextDto, options: JsonObject): Promise<PolicyViolationDto[]> {
    const { repository } = context;
    if (localBackends.has(repository.backend)) return [];
    const severity = options['action'] === 'warn' ? 'warning' : 'error';
    const allowed = expandAllowed(stringList(options['allowed']));
    const region = regionOf(repository.config);
    if (region === undefined) {
      return [{ severity, message: `the storage region of repository "${repository.name}" is unknown; set "region" so it can be checked against the allow-list (${allowed.join(', ')}).` }];
    }
    if (allowed.some((pattern) => regionMatches(region, pattern))) return [];
    return [{ severity, message: `region "${region}" of repository "${repository.name}" is outside the allowed regions (${allowed.join(', ')}).` }];
  },
};
