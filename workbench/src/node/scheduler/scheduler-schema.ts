import type { JsonObject } from '@timelocker/plugin-api';
import type { ConfigSchemaPart } from '../config/config-schema-contribution.js';
import { TIME_OF_DAY_PATTERN, WEEKDAYS } from './backup-window.js';

const definitions = '#/definitions';
const timeOfDay: JsonObject = { type: 'string', pattern: TIME_OF_DAY_PATTERN, patternErrorMessage: 'must be a local time of day, "HH:MM" or "HH:MM:SS"' };

export const windowSchema: JsonObject = {
  type: 'object',
  description: 'When scheduled runs may start: days of week and a local time range (may cross midnight, e.g. 22:00–06:00).',
  required: ['start', 'end'],
  properties: {
    days: { type: 'array', minItems: 1, uniqueItems: true, items: { enum: [...WEEKDAYS] }, description: 'Days the window opens on; default every day.' },
    start: timeOfDay,
    end: timeOfDay,
    finishBeyondWindow: { type: 'boolean', description: 'Let a run still going at the end finish (default: stop it gracefully; the next run continues from what was uploaded).' },
  },
  additionalProperties: false,
};

const schedulerPlanProperties: Record<string, JsonObject> = {
  schedule: { type: 'string', minLength: 1, description: 'When to back up: a cron expression in local time ("30 2 * * *", seconds may come first) or @hourly, @daily, @weekly, @monthly, @yearly.' },
  window: { $ref: `${definitions}/window` },
};

const schedulerSections: Record<string, JsonObject> = {
  window: { $ref: `${definitions}/window`, description: "Default backup window for every plan (a plan's own window wins)." },
};

const schedulerDefinitions: Record<string, JsonObject> = {
  window: windowSchema,
};

/** This feature's share of the config schema (bound as a ConfigSchemaContribution by its module). */
export const schedulerSchemaPart: ConfigSchemaPart = {
  sections: schedulerSections,
  definitions: schedulerDefinitions,
  entryProperties: { plan: schedulerPlanProperties },
};
