/** The public API of TimeLocker plugins. Plugins import only this package (and its `manifest` subpath). */
/** The plugin API version this TimeLocker provides (semver; `engines.timelocker` in a manifest is a range of it). */
export const API_VERSION = '1.0.0';

export * from './api.js';
export * from './cancellation.js';
export * from './disposable.js';
export * from './dto.js';
export * from './errors.js';
export * from './event.js';
export * from './format.js';
