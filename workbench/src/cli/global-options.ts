import type { LogFormat } from '../node/core/log-service.js';
import type { KernelLocationOverrides } from '../node/kernel-paths.js';

/** The root program's flags, before or after any command. */
export interface GlobalOptions {
  readonly config?: string;
  readonly dataDir?: string;
  readonly json?: boolean;
  readonly pluginDir?: readonly string[];
  /** `--inspect-plugins [ADDRESS]`: true without a value. */
  readonly inspectPlugins?: string | true;
  readonly logFormat?: LogFormat;
  readonly acceptPrivacyNotice?: boolean;
}

/** The kernel locations and log format the global flags ask for (flags win over environment and defaults). */
export function kernelOverrides(globals: GlobalOptions): KernelLocationOverrides {
  return {
    ...(globals.config ? { configFile: globals.config } : {}),
    ...(globals.dataDir ? { dataDir: globals.dataDir } : {}),
    ...(globals.pluginDir?.length ? { extraPluginDirs: globals.pluginDir } : {}),
    ...(globals.logFormat ? { logFormat: globals.logFormat } : {}),
  };
}
