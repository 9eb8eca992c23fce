/** The public API of TimeLocker plugins. Plugins import only this package (and its `manifest` subpath). */
export const API_VERSION = '1.0.0';

export * from './api.js';
export * from './cancellation.js';
export * from './disposable.js';
export * from './dto.js';
export * from './errors.js';
export * from './event.js';
