import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TimeLockerError } from '../errors.js';

/** Thrown when no TimeLocker installation (and so no plugin host) can be found. */
export class PluginHostNotFoundError extends TimeLockerError {
  constructor(message: string) {
    super('unavailable', message);
    this.name = 'PluginHostNotFoundError';
  }
}

const HOST_IN_INSTALL = join('plugin-host', 'dist', 'main.js');

/** `<install>/workbench/bin/timelocker.js` is what the `timelocker` command on PATH links to. */
function hostBesideCommand(): string | undefined {
  for (const dir of (process.env['PATH'] ?? '').split(delimiter).filter(Boolean)) {
    const command = join(dir, 'timelocker');
    if (!existsSync(command)) continue;
    const install = dirname(dirname(dirname(realpathSync(command))));
    const entry = join(install, HOST_IN_INSTALL);
    if (existsSync(entry)) return entry;
  }
  return undefined;
}

/**
 * The copy of this package that a TimeLocker installation packs for its plugin authors (`timelocker plugin new`)
 * records that installation's plugin host; a copy from a registry has no such record.
 */
function hostOfPackingInstall(): string | undefined {
  try {
    const record = JSON.parse(readFileSync(fileURLToPath(new URL('./timelocker-install.json', import.meta.url)), 'utf8')) as { pluginHost?: unknown };
    return typeof record.pluginHost === 'string' ? record.pluginHost : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The compiled plugin host of the installed TimeLocker. It is spawned, never imported, so a plugin's
 * tests run in the same isolated process its users will run it in. Looked up in order: the explicit
 * path, $TIMELOCKER_PLUGIN_HOST, $TIMELOCKER_HOME/plugin-host/dist/main.js, the installation that packed this copy
 * of the API, the `timelocker` command on PATH.
 */
export function resolvePluginHostEntry(explicit?: string): string {
  const home = process.env['TIMELOCKER_HOME'];
  const candidates = [
    explicit,
    process.env['TIMELOCKER_PLUGIN_HOST'],
    home ? join(home, HOST_IN_INSTALL) : undefined,
    hostOfPackingInstall(),
  ].filter((c): c is string => Boolean(c));
  for (const candidate of candidates) {
    if (existsSync(candidate)) return candidate;
  }
  const found = hostBesideCommand();
  if (found) return found;
  const tried = candidates.length ? ` (tried ${candidates.join(', ')})` : '';
  throw new PluginHostNotFoundError(
    `No TimeLocker plugin host found${tried}. Depend on the API packed by your TimeLocker (\`timelocker plugin new\` ` +
    `does), put \`timelocker\` on PATH, or set TIMELOCKER_PLUGIN_HOST to <timelocker>/plugin-host/dist/main.js.`,
  );
}
