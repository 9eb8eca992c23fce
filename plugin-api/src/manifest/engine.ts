import semver from 'semver';

/** Whether a plugin's `engines.timelocker` range accepts an API version. */
export interface EngineCheck {
  /** True when the plugin can be loaded. */
  readonly compatible: boolean;
  /** Why not, and what to do, when it cannot. */
  readonly message?: string;
}

/** Whether a plugin's `engines.timelocker` range accepts the running API version. */
export function checkEngine(range: string, apiVersion: string, pluginId: string): EngineCheck {
  if (semver.validRange(range) === null) {
    return { compatible: false, message: `${pluginId}: engines.timelocker "${range}" is not a valid semver range.` };
  }
  if (!semver.satisfies(apiVersion, range)) {
    return {
      compatible: false,
      message: `${pluginId} requires TimeLocker plugin API ${range}, but this TimeLocker provides ${apiVersion}; install a version of the plugin built for ${semver.major(apiVersion)}.x.`,
    };
  }
  return { compatible: true };
}
