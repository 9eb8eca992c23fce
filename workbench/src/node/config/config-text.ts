import type { ParseOptions } from 'jsonc-parser';
import type { JsonObject } from '@timelocker/plugin-api';
import type { TimeLockerConfig } from './config-model.js';

/** How a config text is parsed: JSON with comments and trailing commas. */
export const configParseOptions: ParseOptions = { allowTrailingComma: true, disallowComments: false };

/** A valid config text as the kernel reads it: the sections every feature expects are there even when `{}` says nothing. */
export function withDefaults(value: JsonObject): TimeLockerConfig {
  return { ...value, repositories: value['repositories'] ?? {}, plans: value['plans'] ?? {} } as TimeLockerConfig;
}
