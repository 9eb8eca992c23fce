export * from './activation-events.js';
export * from './contribution-ids.js';
export * from './contribution-schemas.js';
export * from './engine.js';
export * from './manifest-schema.js';
export * from './types.js';
