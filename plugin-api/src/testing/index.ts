/**
 * Test harness for plugin authors: loads a plugin into a real TimeLocker plugin host process.
 * Import from `@timelocker/plugin-api/testing` in tests only; plugin code never needs it.
 */
export * from './plugin-host-entry.js';
export * from './plugin-test-host.js';
export * from './workspace-fixture.js';
export * from './poll-until.js';
