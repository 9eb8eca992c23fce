import { access, constants, stat } from 'node:fs/promises';
import { dirname, isAbsolute, join } from 'node:path';
import type { ConnectionTestResult, JsonObject, ResticLocation, TimeLockerApi, ValidationIssue } from '@timelocker/plugin-api';

async function isWritableDir(dir: string): Promise<boolean> {
  try {
    if (!(await stat(dir)).isDirectory()) return false;
    await access(dir, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(() => true, () => false);
}

function pathOf(config: JsonObject): string {
  const path = config['path'];
  return typeof path === 'string' ? path : '';
}

async function validate(config: JsonObject): Promise<ValidationIssue[]> {
  const path = pathOf(config);
  if (!isAbsolute(path)) {
    return [{ path: '/path', message: `path must be an absolute directory path, got "${path}"` }];
  }
  const parent = dirname(path);
  if (!(await isWritableDir(parent))) {
    return [{ path: '/path', message: `the parent directory ${parent} does not exist or is not writable` }];
  }
  return [];
}

async function testConnection(config: JsonObject): Promise<ConnectionTestResult> {
  const path = pathOf(config);
  if (await exists(join(path, 'config'))) return { status: 'ok', message: `restic repository found at ${path}` };
  return {
    status: 'not-found',
    message: `no restic repository at ${path}`,
    hint: 'timelocker repo init <name>',
  };
}

export function activate(api: TimeLockerApi): void {
  api.backends.register('local', {
    validate,
    resolve: (config): ResticLocation => ({ repository: pathOf(config) }),
    testConnection,
  });
}
