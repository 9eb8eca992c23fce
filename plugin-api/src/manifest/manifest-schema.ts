import type { JsonObject } from '../dto.js';
import schema from './manifest.schema.json' with { type: 'json' };

/** Base fields of a plugin manifest (shipped as `@timelocker/plugin-api/manifest.schema.json`). A violation rejects the plugin. */
export const manifestSchema: JsonObject = schema;
