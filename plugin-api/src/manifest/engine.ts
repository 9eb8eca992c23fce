import semver from 'semver';

export interface EngineCheck {
  readonly compatible: boolean;
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
