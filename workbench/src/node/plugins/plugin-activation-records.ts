import { existsSync, readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../core/durable-files.js';

/** The last failed activation of a plugin, whichever TimeLocker process (CLI, workbench, scheduler) saw it. */
export interface ActivationFailure {
  readonly version: string;
  readonly error: string;
  /** ISO time of the failure. */
  readonly at: string;
  /** The plugin host ended while this plugin activated: it is not activated again until it is reinstalled or re-enabled. */
  readonly endedHost?: boolean;
}

/**
 * `<data-dir>/plugin-activations/<id>.json`, one file per plugin, so `plugins list` in a new process still says a
 * plugin failed and why. One file per plugin is replaced whole (atomic rename): no read-modify-write to race on.
 */
export class PluginActivationRecords {
  private readonly dir: string;

  constructor(dataDir: string) {
    this.dir = join(dataDir, 'plugin-activations');
  }

  /** The recorded failure of this version of the plugin, if its last activation failed. */
  failure(pluginId: string, version: string): ActivationFailure | undefined {
    const file = this.file(pluginId);
    if (!existsSync(file)) return undefined;
    try {
      const record = JSON.parse(readFileSync(file, 'utf8')) as Partial<ActivationFailure>;
      if (record.version !== version || typeof record.error !== 'string' || typeof record.at !== 'string') return undefined;
      return { version: record.version, error: record.error, at: record.at, ...(record.endedHost === true ? { endedHost: true } : {}) };
    } catch {
      return undefined;
    }
  }

  recordFailure(pluginId: string, failure: ActivationFailure): Promise<void> {
    return writeFileAtomic(this.file(pluginId), `${JSON.stringify(failure, null, 2)}\n`);
  }

  /** A successful activation, a reinstall, re-enabling or an uninstall ends the failure. */
  clear(pluginId: string): Promise<void> {
    return rm(this.file(pluginId), { force: true });
  }

  private file(pluginId: string): string {
    return join(this.dir, `${pluginId}.json`);
  }
}
