import type { BackendProvider, JsonObject, ResticLocation, SecretValues, TimeLockerApi } from '@timelocker/plugin-api';
import { testS3Connection } from './connection-test.js';
import { resolveLocation } from './s3-location.js';
import { readSettings, validateSettings } from './s3-settings.js';

function resolve(config: JsonObject, secrets: SecretValues): ResticLocation {
  // The kernel validates first; this guards other callers against handing restic a half-valid location.
  const errors = validateSettings(config).filter((issue) => issue.severity !== 'warning');
  if (errors.length > 0) throw new Error(errors.map((issue) => `${issue.path}: ${issue.message}`).join('; '));
  return resolveLocation(readSettings(config), secrets);
}

export const s3BackendProvider: BackendProvider = {
  validate: (config) => validateSettings(config),
  resolve,
  testConnection: (config, secrets, token) => testS3Connection(config, secrets, token),
};

export function activate(api: TimeLockerApi): void {
  api.backends.register('s3', s3BackendProvider);
}
